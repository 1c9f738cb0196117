import { isAscii, isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Labels decoded with a superset, as the WHATWG Encoding Standard does: ISO-8859-1 and US-ASCII are
 * windows-1252 on the web, GB2312/GBK are GB18030, Shift_JIS variants are one decoder.
 */
const DECODER_FOR: Record<string, string> = {
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'shift-jis': 'shift_jis',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** A charset label as newsdesk names it (lower case, trimmed, quotes removed), or null when unknown. */
export function normaliseCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const cleaned = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (!cleaned || !iconv.encodingExists(DECODER_FOR[cleaned] ?? cleaned)) return null;
  return cleaned === 'utf8' ? 'utf-8' : cleaned;
}

export function charsetOfContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return m ? normaliseCharset(m[2]) : null;
}

function bomOf(body: Buffer): { encoding: string; length: number } | null {
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  return null;
}

/** UTF-16 without a BOM, recognised by "<?" (or "<") encoded on two bytes. */
function utf16Sniff(body: Buffer): string | null {
  if (body.length < 4) return null;
  if (body[0] === 0x00 && body[1] === 0x3c && body[2] === 0x00) return 'utf-16be';
  if (body[0] === 0x3c && body[1] === 0x00 && body[3] === 0x00) return 'utf-16le';
  return null;
}

/** The encoding named by an XML declaration (read as ASCII from the first bytes). */
export function xmlDeclarationCharset(body: Buffer): string | null {
  const head = body.subarray(0, 512).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m ? normaliseCharset(m[1]) : null;
}

/** The body as UTF-8, or null when it is not valid UTF-8 (one pass when it has no U+FFFD of its own). */
function strictUtf8(body: Buffer): string | null {
  const text = body.toString('utf8');
  if (!text.includes('\uFFFD')) return text;
  return isUtf8(body) ? text : null;
}

/** Detection for bytes that are not UTF-8 and carry no usable label. */
function detect(body: Buffer): string {
  const guess = normaliseCharset(chardet.detect(body.subarray(0, 64 * 1024)));
  if (guess && !guess.startsWith('utf-16') && !guess.startsWith('utf-32')) return guess;
  return 'windows-1252';
}

export function decodeWith(body: Buffer, encoding: string): string {
  const decoder = DECODER_FOR[encoding] ?? encoding;
  if (decoder === 'utf-8') return new TextDecoder('utf-8').decode(body);
  return iconv.decode(body, decoder, { stripBOM: true });
}

/**
 * Turns a feed's bytes into text. Order (RFC 7303 and the WHATWG rules): a byte-order mark, then the HTTP
 * charset, then the XML declaration, then detection (chardet), windows-1252 as the last resort.
 * One deliberate exception: bytes that are valid UTF-8 and contain non-ASCII characters are read as UTF-8
 * whatever an 8-bit label says (legacy text is practically never valid UTF-8, while servers and templates
 * often send UTF-8 under a stale label). UTF-16 is recognised by its BOM or its two-byte structure; a
 * UTF-16 label on single-byte data is ignored.
 */
export function decodeFeedBytes(body: Buffer, contentType?: string | null): { text: string; encoding: string } {
  const bom = bomOf(body);
  if (bom) return { text: decodeWith(body.subarray(bom.length), bom.encoding), encoding: bom.encoding };

  const header = charsetOfContentType(contentType);
  const sniffed16 = utf16Sniff(body);
  if (sniffed16) {
    const declared = header?.startsWith('utf-16') && header !== 'utf-16' ? header : sniffed16;
    return { text: decodeWith(body, declared), encoding: declared };
  }
  const labels = [header, xmlDeclarationCharset(body)].filter((l): l is string => !!l && !l.startsWith('utf-16'));
  const utf8 = strictUtf8(body);
  if (utf8 !== null) {
    return { text: utf8, encoding: labels[0] && isAscii(body) ? labels[0] : 'utf-8' };
  }
  for (const label of labels) {
    if ((DECODER_FOR[label] ?? label) === 'utf-8') continue;
    return { text: decodeWith(body, label), encoding: label };
  }
  const encoding = detect(body);
  return { text: decodeWith(body, encoding), encoding };
}
