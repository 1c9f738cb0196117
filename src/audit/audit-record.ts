import type { Principal } from '../common/principal';

/** What one change is recorded as. Built only from names and ids: no argument or result is ever copied whole. */
export interface AuditRecord {
  actor: string;
  actorKeyId: string | null;
  action: string;
  target: string;
}

/** A target longer than this (a long list of ids) is cut, saying how many ids were left out. */
export const TARGET_MAX = 500;

/**
 * Arguments that name what a mutation acts on, most specific first (`updateSection(slug)`,
 * `rotatePushSecret(section)`, `setWatchAlerts(watch)`). Only these are read, and only when they are strings:
 * an argument named anything else (an input, a secret, a URL) never reaches the log.
 */
const NAMING_ARGS = ['id', 'slug', 'section', 'watch', 'feed', 'webhook', 'source'] as const;

/** Who acted: the key's name and id (never the key), or "anonymous" for a mutation open to everyone. */
export function actorOf(principal: Principal | null | undefined): Pick<AuditRecord, 'actor' | 'actorKeyId'> {
  if (!principal) return { actor: 'anonymous', actorKeyId: null };
  return { actor: `${principal.name} (key ${principal.keyId})`, actorKeyId: principal.keyId };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const idOf = (value: unknown): string | null => (isObject(value) && typeof value.id === 'string' ? value.id : null);

/** Ids joined by commas, cut at TARGET_MAX with the number left out. */
export function listTarget(ids: readonly string[]): string {
  let out = '';
  for (let i = 0; i < ids.length; i++) {
    const next = out ? `${out},${ids[i]}` : ids[i];
    const rest = ids.length - i - 1;
    const tail = rest ? ` (+${rest})` : '';
    if (next.length + tail.length > TARGET_MAX) return `${out} (+${ids.length - i})`.trim();
    out = next;
  }
  return out;
}

/**
 * What a mutation acted on, from its arguments and its result:
 * 1. an `id` argument, or a translation's `articleId` with its `locale` ("<articleId>/<locale>");
 * 2. another naming argument (slug, section, watch, ...);
 * 3. the id of what it returned (createArticle), or of the one object inside what it returned
 *    (createApiKey's `apiKey`, never its `key`), or the ids of a returned list;
 * 4. an `ids` argument (markMentions);
 * else "". A string result (rotatePushSecret's new secret) is never used.
 */
export function auditTarget(args: Record<string, unknown>, result: unknown): string {
  const articleId = args.articleId;
  if (typeof articleId === 'string' && typeof args.id !== 'string') {
    return typeof args.locale === 'string' ? `${articleId}/${args.locale}` : articleId;
  }
  for (const name of NAMING_ARGS) {
    const value = args[name];
    if (typeof value === 'string') return value.slice(0, TARGET_MAX);
  }
  const returned = resultIds(result);
  if (returned.length) return listTarget(returned);
  if (Array.isArray(args.ids)) return listTarget(args.ids.filter((id): id is string => typeof id === 'string'));
  return '';
}

function resultIds(result: unknown): string[] {
  if (Array.isArray(result)) return result.map(idOf).filter((id): id is string => id !== null);
  if (!isObject(result)) return [];
  const own = idOf(result);
  if (own) return [own];
  const inner = Object.values(result).map(idOf).filter((id): id is string => id !== null);
  return inner.length === 1 ? inner : [];
}
