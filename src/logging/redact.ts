/**
 * What must never reach a log line, wherever it appears in text: bearer keys and newsdesk API keys,
 * secret-bearing query parameters (a watch feed's ?token=, ...), push signatures, and URL credentials.
 */
const PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [REDACTED]'],
  [/\bnd_[A-Za-z0-9_-]{16,}/g, 'nd_[REDACTED]'],
  [/([?&;](?:token|key|api_key|apikey|secret|signature|sig|access_token|password)=)[^&#\s"']*/gi, '$1[REDACTED]'],
  [/\bsha(?:1|256|512)=[0-9a-f]{32,}/gi, 'sha256=[REDACTED]'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s:]+:[^/@\s]+@/gi, '$1[REDACTED]@'],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Field names whose values are secrets whatever they hold. */
export const SECRET_FIELDS = /^(authorization|cookie|set-cookie|x-hub-signature-256|x-newsdesk-signature|password|secret|pushSecret|previousSecret|token|apiKey|keyHash)$/i;

/** A copy of a log object with secret fields masked and every string scrubbed (two levels deep is what we log). */
export function redactObject(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (!value || typeof value !== 'object' || depth > 3) return value;
  if (Array.isArray(value)) return value.map((v) => redactObject(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: value.stack && redactText(value.stack) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELDS.test(k) && v != null ? '[REDACTED]' : redactObject(v, depth + 1);
  return out;
}
