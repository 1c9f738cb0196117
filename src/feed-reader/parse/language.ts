import { detectAll } from 'tinyld';
import { loadLocaleDefinitions, normaliseTag } from '../../i18n/locale-registry';

let defaultCodes: string[] | null = null;

/** newsdesk's locale codes (locales/locales.json), read once. */
function newsdeskCodes(): string[] {
  defaultCodes ??= loadLocaleDefinitions().map((d) => d.code);
  return defaultCodes;
}

/** Shortest text worth asking a detector about (characters, after trimming). */
const MIN_LENGTH = 12;

/**
 * The language of an item-length text among newsdesk's locales, with tinyld, or null when the text is too
 * short, the detector is unsure, or its best guess is a language newsdesk does not serve (a German item
 * must not be filed as Swedish just because Swedish is the closest served language).
 */
export function detectLanguage(text: string, supportedCodes: readonly string[] = newsdeskCodes()): string | null {
  const sample = text.replace(/\s+/g, ' ').trim().slice(0, 2000);
  if (sample.length < MIN_LENGTH && !/[\u0600-\u06ff\u3400-\u9fff]/.test(sample)) return null;
  const [best] = detectAll(sample);
  if (!best || best.accuracy <= 0) return null;
  let code = normaliseTag(best.lang);
  // Han characters without any kana are Chinese, not Japanese (tinyld confuses short headlines).
  if (code === 'ja' && !/[\u3040-\u30ff]/.test(sample) && /[\u3400-\u9fff]/.test(sample)) code = 'zh';
  return code && supportedCodes.includes(code) ? code : null;
}

/**
 * The locale of a feed item: the item's declared language, else the feed's declared language, else the
 * locale the feed was registered with, else detection on the text; each taken only when newsdesk serves
 * it ("zh-CN" and "zh-Hans" count as "zh"). Null when none of them gives a served locale.
 */
export function itemLocale(
  itemLang: string | null | undefined,
  feedLang: string | null | undefined,
  registeredLocale: string | null | undefined,
  text: string | null | undefined,
  supportedCodes: readonly string[] = newsdeskCodes(),
): string | null {
  for (const tag of [itemLang, feedLang, registeredLocale]) {
    const code = tag ? normaliseTag(tag) : null;
    if (code && supportedCodes.includes(code)) return code;
  }
  return text ? detectLanguage(text, supportedCodes) : null;
}
