import { decodeHTMLStrict } from 'entities';
import { sanitizeBodyHtml } from '../../common/html';
import type { ParsedItem } from '../feed.types';
import { type Context, resolveUrl } from './feed-helpers';

const IMG_SRC = /<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/iy;

export interface Draft extends Omit<ParsedItem, 'contentHtml'> {
  rawHtml: string | null;
  htmlBase: string | null;
}

/**
 * A parsed item whose contentHtml is sanitised on first read and then kept (sanitising costs more than
 * parsing; code that never reads a body, such as an unchanged item or a benchmark, does not pay for it);
 * the same for an image found only in the body. contentHtml and imageUrl are accessors of the class: read
 * them (JSON.stringify includes them through toJSON); spreading an item into a new object does not copy them.
 */
class LazyItem implements ParsedItem {
  guid: string | null;
  link: string | null;
  title: string | null;
  summary: string | null;
  publishedAt: Date | null;
  updatedAt: Date | null;
  dateUnparseable: boolean;
  authors: string[];
  categories: string[];
  enclosures: ParsedItem['enclosures'];
  language: string | null;
  alternates: ParsedItem['alternates'];
  #html: string | null;
  #base: string | null;
  #sanitised: string | null | undefined;
  #image: string | null | undefined;

  constructor(d: Draft, sanitised: string | null | undefined) {
    this.guid = d.guid;
    this.link = d.link;
    this.title = d.title;
    this.summary = d.summary;
    this.publishedAt = d.publishedAt;
    this.updatedAt = d.updatedAt;
    this.dateUnparseable = d.dateUnparseable;
    this.authors = d.authors;
    this.categories = d.categories;
    this.enclosures = d.enclosures;
    this.language = d.language;
    this.alternates = d.alternates;
    this.#html = d.rawHtml;
    this.#base = d.htmlBase;
    this.#sanitised = d.rawHtml ? sanitised : null;
    this.#image = d.imageUrl ?? (d.rawHtml ? undefined : null);
  }

  get contentHtml(): string | null {
    if (this.#sanitised === undefined) this.#sanitised = sanitizeBodyHtml(this.#html!, this.#base) || null;
    return this.#sanitised;
  }

  set contentHtml(value: string | null) {
    this.#sanitised = value;
  }

  /** The feed's image (media, enclosure, iTunes), else the first <img> of the body, made absolute. */
  get imageUrl(): string | null {
    if (this.#image === undefined) {
      const html = this.#html!;
      const at = html.indexOf('<img');
      let found: string | null = null;
      if (at >= 0) {
        IMG_SRC.lastIndex = at;
        const m = IMG_SRC.exec(html);
        if (m) found = resolveUrl(decodeHTMLStrict(m[1]), this.#base);
      }
      this.#image = found;
    }
    return this.#image;
  }

  set imageUrl(value: string | null) {
    this.#image = value;
  }

  toJSON(): ParsedItem {
    return { ...this, imageUrl: this.imageUrl, contentHtml: this.contentHtml };
  }
}

export function finish(d: Draft, ctx: Context): ParsedItem {
  return new LazyItem(d, ctx.eager && d.rawHtml ? sanitizeBodyHtml(d.rawHtml, d.htmlBase) || null : undefined);
}

