import { Parser } from 'htmlparser2';

/** A feed outline as `importOpml` registers it. */
export interface OpmlOutline {
  url: string;
  title: string | null;
  language: string | null;
}

/** An outline that is, or should be, a feed: one with an xmlUrl, or a leaf without one (reported as missing it). */
export interface OpmlEntry {
  /** The xmlUrl as written (trimmed); null when the outline has none. */
  url: string | null;
  title: string | null;
  htmlUrl: string | null;
  language: string | null;
  /** The category attribute's comma-separated categories, slashes at either end trimmed ("/a/b,c" -> ["a/b", "c"]). */
  categories: string[];
  /** The text of each enclosing outline, nearest first. */
  folders: string[];
}

/** A feed as exportOpml writes it. */
export interface OpmlFeed {
  url: string;
  title: string | null;
  htmlUrl: string | null;
  language: string | null;
}

export class OpmlError extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(key);
    this.name = 'OpmlError';
  }
}

export const OPML_MAX_BYTES = 1024 * 1024;
export const OPML_MAX_OUTLINES = 1000;
export const OPML_MAX_DEPTH = 64;

/** Attribute names compared without case (xmlUrl, xmlurl, XMLURL); a Map, so "__proto__" is just a name. */
function attributes(attrs: Record<string, string>): (name: string) => string | null {
  const byName = new Map(Object.entries(attrs).map(([k, v]) => [k.toLowerCase(), v]));
  return (name) => byName.get(name.toLowerCase())?.trim() || null;
}

function categoriesOf(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((c) => c.trim().replace(/^\/+|\/+$/g, ''))
    .filter(Boolean);
}

/**
 * Every feed outline (with an xmlUrl) and every leaf outline without one, in document order, with its
 * categories and enclosing folders. Outlines that only group others are folders, not entries.
 * htmlparser2 in XML mode does no DTD processing at all; a document that declares a DTD or entities is
 * refused outright, so nothing is ever expanded. Larger than 1 MB, deeper than 64 levels or more than 1,000
 * entries: refused (OpmlError with an i18next key).
 */
export function readOpml(text: string): OpmlEntry[] {
  if (Buffer.byteLength(text, 'utf8') > OPML_MAX_BYTES) throw new OpmlError('ingest:opml.tooLarge', { max: OPML_MAX_BYTES });
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new OpmlError('ingest:opml.dtd');
  let sawOpml = false;
  let depth = 0;
  const entries: (OpmlEntry | null)[] = [];
  // One frame per open outline: its folder name, its entry's index, whether it has an xmlUrl and children.
  const open: { folder: string | null; index: number; feed: boolean; parent: boolean }[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++depth > OPML_MAX_DEPTH) throw new OpmlError('ingest:opml.tooDeep', { max: OPML_MAX_DEPTH });
        const local = name.toLowerCase();
        if (local === 'opml') sawOpml = true;
        if (local !== 'outline') return;
        const attr = attributes(attrs);
        const enclosing = open.at(-1);
        if (enclosing) enclosing.parent = true;
        const url = attr('xmlUrl');
        entries.push({
          url,
          title: attr('title') ?? attr('text'),
          htmlUrl: attr('htmlUrl'),
          language: attr('language'),
          categories: categoriesOf(attr('category')),
          folders: open.map((f) => f.folder).filter((f): f is string => !!f).reverse(),
        });
        open.push({ folder: attr('text') ?? attr('title'), index: entries.length - 1, feed: !!url, parent: false });
      },
      onclosetag(name) {
        depth--;
        if (name.toLowerCase() !== 'outline') return;
        const frame = open.pop();
        // A folder: an outline without an xmlUrl that holds other outlines.
        if (frame && !frame.feed && frame.parent) entries[frame.index] = null;
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  if (!sawOpml) throw new OpmlError('ingest:opml.notOpml');
  const found = entries.filter((e): e is OpmlEntry => e !== null);
  if (found.length > OPML_MAX_OUTLINES) throw new OpmlError('ingest:opml.tooMany', { max: OPML_MAX_OUTLINES });
  if (!found.length) throw new OpmlError('ingest:opml.empty');
  return found;
}

/** The feed outlines (elements with an xmlUrl) of an OPML document, in document order, duplicates removed. */
export function parseOpml(text: string): OpmlOutline[] {
  const seen = new Set<string>();
  const outlines: OpmlOutline[] = [];
  for (const e of readOpml(text)) {
    if (!e.url || seen.has(e.url)) continue;
    seen.add(e.url);
    outlines.push({ url: e.url, title: e.title, language: e.language });
  }
  if (!outlines.length) throw new OpmlError('ingest:opml.empty');
  return outlines;
}

// XML 1.0 allows tab, LF, CR and U+0020 upwards except surrogates, U+FFFE and U+FFFF; anything else is dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Text safe inside a double-quoted attribute or an element (whitespace kept as references, so it survives attribute normalisation). */
export function xmlEscape(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]);
}

/** An OPML 2.0 subscription list: one outline per feed (type rss, text, title, xmlUrl, htmlUrl and language when known). */
export function writeOpml(head: { title: string; createdAt: Date }, feeds: readonly OpmlFeed[]): string {
  const outlines = feeds.map((f) => {
    const name = f.title ?? f.url;
    const attrs: [string, string | null][] = [
      ['type', 'rss'],
      ['text', name],
      ['title', name],
      ['xmlUrl', f.url],
      ['htmlUrl', f.htmlUrl],
      ['language', f.language],
    ];
    const written = attrs.filter((a): a is [string, string] => a[1] !== null).map(([k, v]) => `${k}="${xmlEscape(v)}"`);
    return `    <outline ${written.join(' ')}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${xmlEscape(head.title)}</title>`,
    `    <dateCreated>${head.createdAt.toUTCString()}</dateCreated>`,
    '    <docs>http://opml.org/spec2.opml</docs>',
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** Where a section can be found by an OPML category or folder name: its slug or one of its names. */
export interface OpmlSection {
  id: string;
  slug: string;
  names: Record<string, string>;
}

export type Placement = { sectionId: string } | { skip: { key: string; params: Record<string, unknown> } };

const fold = (s: string) => s.normalize('NFC').trim().toLowerCase();

/**
 * Files entries into sections: the first of an entry's categories (the whole path, else its last segment)
 * that names a section by slug or name, else the nearest enclosing folder that does, else `fallback`. An
 * entry whose categories name no section, and whose folders do not either, is skipped: someone asked for a
 * section that does not exist, and filing it elsewhere would hide that.
 */
export function sectionPlacer(sections: readonly OpmlSection[], fallback: OpmlSection): (entry: Pick<OpmlEntry, 'categories' | 'folders'>) => Placement {
  const byName = new Map<string, string>();
  for (const s of sections) for (const n of Object.values(s.names)) if (!byName.has(fold(n))) byName.set(fold(n), s.id);
  for (const s of sections) byName.set(fold(s.slug), s.id); // a slug wins over another section's name
  const find = (name: string) => byName.get(fold(name));
  return (entry) => {
    for (const category of entry.categories) {
      const id = find(category) ?? find(category.split('/').at(-1) ?? '');
      if (id) return { sectionId: id };
    }
    for (const folder of entry.folders) {
      const id = find(folder);
      if (id) return { sectionId: id };
    }
    if (entry.categories.length) return { skip: { key: 'ingest:opml.skip.unknownCategory', params: { category: entry.categories.join(', ') } } };
    return { sectionId: fallback.id };
  };
}
