/**
 * Feed dates: RFC 3339 / ISO 8601 / W3CDTF, RFC 822/1123 and their common malformed variants (missing or
 * misspelt weekday, two-digit years, named or missing zones, full month names, "T" separators, commas).
 * Never returns an Invalid Date: `unparseable` says a date was there but could not be read.
 */
export interface ParsedDate {
  date: Date | null;
  unparseable: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
  // common non-English abbreviations seen in feeds
  mrz: 2, mär: 2, mai: 4, okt: 9, dez: 11, janv: 0, févr: 1, fevr: 1, avr: 3, juin: 5, juil: 6, août: 7, aout: 7,
  déc: 11, ene: 0, abr: 3, ago: 7, dic: 11, maj: 4,
};

/** Zone offsets in minutes (RFC 822 names and the usual extras). */
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, bst: 60, cet: 60, met: 60, cest: 120, mest: 120, eet: 120, eest: 180,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ist: 330, pkt: 300, jst: 540, kst: 540, hkt: 480, sgt: 480, aest: 600, aedt: 660,
};

const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.trim().toLowerCase();
  if (!z) return 0;
  const numeric = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(z);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    if (minutes > 18 * 60) return null;
    return (numeric[1] === '-' ? -1 : 1) * minutes;
  }
  const named = /^(?:gmt|utc|ut)([+-]\d{1,2}(?::?\d{2})?)$/.exec(z);
  if (named) return zoneOffset(named[1]);
  if (z in ZONES) return ZONES[z];
  if (/^[a-ik-z]$/.test(z)) return 0; // military zones: too often wrong in practice, read as UTC
  return null;
}

function build(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMin: number): Date | null {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 0 || mo > 11 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return null;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms) - offsetMin * 60_000;
  const date = new Date(t);
  if (Number.isNaN(date.getTime())) return null;
  if (date.getUTCDate() !== d && h < 24 && offsetMin === 0) return null; // 31 Feb and friends
  return date;
}

const ISO =
  /^(\d{4})(?:-?(\d{2})(?:-?(\d{2})(?:[Tt\s]+(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT|UT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?$/i;

const RFC822 =
  /^(?:[^\d\s,]+\.?,?\s*)?(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]+([^\d\s,\-/.]{3,})\.?,?[\s\-/.]+(\d{2,4}),?(?:[\sT]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:\.\d+)?)?\s*(?:([a-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{1,2}:?\d{2}))?(?:\s*\(.*\))?\s*$/i;

/** "Oct 28, 2018 12:48:00 GMT" / "Sunday, October 28, 2018" */
const US_STYLE =
  /^(?:[^\d\s,]+,?\s+)?([^\d\s,]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})(?:[\sT,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?\s*([a-z]{1,5}|[+-]\d{2}:?\d{2})?\s*$/i;

function month(name: string): number | undefined {
  const key = name.toLowerCase();
  return MONTHS[key] ?? MONTHS[key.slice(0, 4)] ?? MONTHS[key.slice(0, 3)];
}

function twoDigitYear(y: string): number {
  const n = Number(y);
  if (y.length === 4) return n;
  if (y.length === 2) return n < 70 ? 2000 + n : 1900 + n;
  return NaN;
}

export function parseFeedDate(raw: string | null | undefined): ParsedDate {
  const trimmed = (raw ?? '').trim();
  if (trimmed.length > 120) return { date: null, unparseable: true }; // no date is that long; keeps every regex cheap
  const value = /\s\s|[\t\n\r]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
  if (!value) return { date: null, unparseable: false };
  const date = tryCanonical(value) ?? (/^\d{4}/.test(value) ? tryIso(value) : null) ?? tryRfc822(value) ?? tryUs(value) ?? tryNative(value);
  return date ? { date, unparseable: false } : { date: null, unparseable: true };
}

/** The two forms most feeds write (toISOString and toUTCString output), read by the engine directly. */
const CANONICAL_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,3})?(?:Z|[+-]\d\d:\d\d)$/;
const CANONICAL_RFC1123 = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/;

function tryCanonical(v: string): Date | null {
  if (!CANONICAL_ISO.test(v) && !CANONICAL_RFC1123.test(v)) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  const date = new Date(t);
  const y = date.getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR ? date : null;
}

function tryIso(v: string): Date | null {
  const m = ISO.exec(v);
  if (!m) return null;
  const offset = zoneOffset(m[8]);
  if (offset === null) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return build(Number(m[1]), m[2] ? Number(m[2]) - 1 : 0, m[3] ? Number(m[3]) : 1, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms, offset);
}

function tryRfc822(v: string): Date | null {
  const m = RFC822.exec(v);
  if (!m) return null;
  const mo = month(m[2]);
  const offset = zoneOffset(m[7]);
  if (mo === undefined || offset === null) return null;
  return build(twoDigitYear(m[3]), mo, Number(m[1]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset);
}

function tryUs(v: string): Date | null {
  const m = US_STYLE.exec(v);
  if (!m) return null;
  const mo = month(m[1]);
  const offset = zoneOffset(m[8]);
  if (mo === undefined || offset === null) return null;
  let h = Number(m[4] ?? 0);
  if (m[7]) h = (h % 12) + (m[7].toLowerCase() === 'pm' ? 12 : 0);
  return build(Number(m[3]), mo, Number(m[2]), h, Number(m[5] ?? 0), Number(m[6] ?? 0), 0, offset);
}

/** Last resort: V8's own parser, trusted only within a sane range and only for text with a 4-digit year. */
function tryNative(v: string): Date | null {
  if (!/\d{4}/.test(v) || v.length > 80) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  const date = new Date(t);
  const y = date.getUTCFullYear();
  return y >= MIN_YEAR && y <= MAX_YEAR ? date : null;
}
