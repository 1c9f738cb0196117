import { badInput } from '../common/errors';
import { cleanText, httpUrl } from '../common/text';

/** An article's metadata as createArticle and updateArticle take it (every field optional, null allowed). */
export interface MetadataInput {
  tags?: readonly string[] | null;
  authors?: readonly string[] | null;
  canonicalUrl?: string | null;
  imageUrl?: string | null;
  publishedAt?: Date | null;
}

/** The columns an update sets: a field that is absent here is left as it is. */
export interface MetadataPatch {
  tags?: string[];
  authors?: string[];
  canonicalUrl?: string | null;
  imageUrl?: string | null;
  publishedAt?: Date;
}

/** Tags and authors: NFC, trimmed, blanks dropped, each once, in the order given. */
export function cleanList(values?: readonly string[] | null): string[] {
  return [...new Set((values ?? []).map(cleanText).filter(Boolean))];
}

/** An absolute http(s) URL, null for none; anything else is BAD_USER_INPUT naming it. */
export function optionalUrl(value?: string | null): string | null {
  if (!value) return null;
  const url = httpUrl(value.trim());
  if (!url) throw badInput('errors:common.badUrl', { url: value });
  return url;
}

/** A date the API was given: BAD_USER_INPUT when it is not one. */
export function validDate(value: Date): Date {
  if (Number.isNaN(value.getTime())) throw badInput('errors:common.badDate');
  return value;
}

/**
 * What updateArticle changes, by createArticle's rules. An absent field stays; an explicit null clears:
 * tags and authors to none, the URLs to null. publishedAt cannot be cleared (every article has a date).
 */
export function metadataPatch(input: MetadataInput): MetadataPatch {
  const patch: MetadataPatch = {};
  if (input.tags !== undefined) patch.tags = cleanList(input.tags);
  if (input.authors !== undefined) patch.authors = cleanList(input.authors);
  if (input.canonicalUrl !== undefined) patch.canonicalUrl = optionalUrl(input.canonicalUrl);
  if (input.imageUrl !== undefined) patch.imageUrl = optionalUrl(input.imageUrl);
  if (input.publishedAt === null) throw badInput('errors:common.cannotClear', { field: 'publishedAt' });
  if (input.publishedAt !== undefined) patch.publishedAt = validDate(input.publishedAt);
  return patch;
}
