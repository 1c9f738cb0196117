const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else is answered before PostgreSQL would refuse the cast. */
export const isUuid = (value: string): boolean => UUID.test(value);

/** Unicode NFC and trimmed: how every piece of text is stored. */
export function cleanText(value: string): string {
  return value.normalize('NFC').trim();
}

export function cleanOptionalText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanText(value);
  return cleaned === '' ? null : cleaned;
}

/** An absolute http(s) URL, or null when the value is not one. */
export function httpUrl(value: string, base?: string | null): string | null {
  try {
    const url = base ? new URL(value, base) : new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
