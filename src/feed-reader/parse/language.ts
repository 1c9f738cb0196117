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
/** Latin-script text shorter than this is ambiguous enough for the section's language to decide among close guesses. */
const SHORT_LATIN = 80;

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const KANA = /[\u3040-\u30ff]/;
const ARABIC_LETTER = /[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]/g;
/** Letters Urdu writes and Arabic does not (ٹ ڈ ڑ ں ے, and heh goal / do-chashmi heh / teh marbuta goal). */
const URDU_LETTER = /[\u0679\u0688\u0691\u06ba\u06d2\u06c1\u06be\u06c3]/;
const LETTER = /\p{L}/gu;

/**
 * What the script alone decides: Han characters without kana are Chinese; Arabic script with letters only
 * Urdu uses is Urdu. Only when that script is most of the letters (a Latin name in a Chinese headline
 * does not change it; a Chinese name in an English one is not Chinese).
 */
export function languageByScript(sample: string): string | null {
  const letters = sample.match(LETTER)?.length ?? 0;
  if (!letters) return null;
  const han = sample.match(HAN)?.length ?? 0;
  if (han * 2 >= letters && !KANA.test(sample)) return 'zh';
  const arabic = sample.match(ARABIC_LETTER)?.length ?? 0;
  if (arabic * 2 >= letters && URDU_LETTER.test(sample)) return 'ur';
  return null;
}

/**
 * The language of an item-length text among newsdesk's locales, or null when the text is too short, the
 * detector is unsure, or its best guess is a language newsdesk does not serve (a German item must not be
 * filed as Swedish just because Swedish is the closest served language). The script decides first
 * (languageByScript); then tinyld. `prior` (the section's or source's language) wins for short Latin-script
 * text when the detector ranks it close to its best guess.
 */
export function detectLanguage(text: string, supportedCodes: readonly string[] = newsdeskCodes(), prior?: string | null): string | null {
  const sample = text.replace(/\s+/g, ' ').trim().slice(0, 2000);
  const byScript = languageByScript(sample);
  if (byScript) return supportedCodes.includes(byScript) ? byScript : null;
  if (sample.length < MIN_LENGTH) return prior && supportedCodes.includes(prior) && /\p{Script=Latin}/u.test(sample) ? prior : null;
  const guesses = detectAll(sample)
    .map((g) => ({ code: normaliseTag(g.lang), accuracy: g.accuracy }))
    .filter((g): g is { code: string; accuracy: number } => !!g.code);
  const [best] = guesses;
  if (!best || best.accuracy <= 0) return null;
  if (prior && prior !== best.code && supportedCodes.includes(prior) && sample.length < SHORT_LATIN && /\p{Script=Latin}/u.test(sample)) {
    const priorGuess = guesses.find((g) => g.code === prior);
    // Close enough (the detector's best guess is not clearly better than the section's language), or a
    // guess newsdesk does not serve, which a headline this short does not establish (names, loanwords).
    if (!supportedCodes.includes(best.code) || (priorGuess && priorGuess.accuracy >= best.accuracy * 0.5)) return prior;
  }
  return supportedCodes.includes(best.code) ? best.code : null;
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
