import { Parser } from 'htmlparser2';

export interface OpmlOutline {
  url: string;
  title: string | null;
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

/**
 * The feed outlines (elements with an xmlUrl) of an OPML document, in document order, duplicates removed.
 * htmlparser2 in XML mode does no DTD processing at all; a document that declares a DTD or entities is
 * refused outright, so nothing is ever expanded.
 */
export function parseOpml(text: string): OpmlOutline[] {
  if (Buffer.byteLength(text, 'utf8') > OPML_MAX_BYTES) throw new OpmlError('ingest:opml.tooLarge', { max: OPML_MAX_BYTES });
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new OpmlError('ingest:opml.dtd');
  let sawOpml = false;
  let depth = 0;
  let maxDepth = 0;
  const outlines: OpmlOutline[] = [];
  const seen = new Set<string>();
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        maxDepth = Math.max(maxDepth, depth);
        const local = name.toLowerCase();
        if (local === 'opml') sawOpml = true;
        if (local !== 'outline') return;
        const url = (attrs.xmlUrl ?? attrs.xmlurl ?? attrs.XMLURL ?? '').trim();
        if (!url || seen.has(url)) return;
        seen.add(url);
        outlines.push({ url, title: (attrs.title ?? attrs.text ?? '').trim() || null, language: (attrs.language ?? '').trim() || null });
      },
      onclosetag() {
        depth--;
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  parser.end();
  if (!sawOpml) throw new OpmlError('ingest:opml.notOpml');
  if (maxDepth > 64) throw new OpmlError('ingest:opml.tooDeep', { max: 64 });
  if (outlines.length > OPML_MAX_OUTLINES) throw new OpmlError('ingest:opml.tooMany', { max: OPML_MAX_OUTLINES });
  if (!outlines.length) throw new OpmlError('ingest:opml.empty');
  return outlines;
}
