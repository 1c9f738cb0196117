import { loadLocaleDefinitions, normaliseTag } from '../../i18n/locale-registry';
import { type Detector, loadEldSmall } from './eld-loader';

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
const WORD = /\p{L}+/gu;

/**
 * Text made only of capitalised words (and particles of up to three letters: "de", "van", "del"), such as
 * "Rosa Luxemburg", "Paris Saint-Germain 2–1 Lyon" or "Tour de France": names, which carry no evidence of
 * the language of the article they head, so n-gram scores on them are noise.
 */
function namesOnly(sample: string): boolean {
  const words = sample.match(WORD);
  return !!words && words.every((w) => /^\p{Lu}/u.test(w) || w.length <= 3);
}

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

let detector: Detector | null = null;

/**
 * Loads the statistical detector, ELD (its small n-gram database): an ES module only, so it is imported
 * once, asynchronously, before the first detection (the services that detect call this on start).
 */
export async function loadLanguageDetector(): Promise<void> {
  detector ??= await loadEldSmall();
}

function loadedDetector(): Detector {
  if (!detector) throw new Error('language detection used before loadLanguageDetector() finished');
  return detector;
}

/**
 * The language of an item-length text among newsdesk's locales, or null when the text is too short, the
 * detector is unsure, or its best guess is a language newsdesk does not serve (a German item must not be
 * filed as Swedish just because Swedish is the closest served language). The script decides first
 * (languageByScript); then ELD. `prior` (the section's or source's language) wins for short Latin-script
 * text made only of names, or when the detector ranks it close to its best guess or guesses a language
 * newsdesk does not serve.
 */
export function detectLanguage(text: string, supportedCodes: readonly string[] = newsdeskCodes(), prior?: string | null): string | null {
  const sample = text.replace(/\s+/g, ' ').trim().slice(0, 2000);
  const byScript = languageByScript(sample);
  if (byScript) return supportedCodes.includes(byScript) ? byScript : null;
  const usablePrior = prior && supportedCodes.includes(prior) && /\p{Script=Latin}/u.test(sample) ? prior : null;
  if (sample.length < MIN_LENGTH) return usablePrior;
  if (usablePrior && sample.length < SHORT_LATIN && namesOnly(sample)) return usablePrior;
  const result = loadedDetector().detect(sample);
  const best = result.language ? normaliseTag(result.language) : null;
  if (!best) return usablePrior && sample.length < SHORT_LATIN ? usablePrior : null;
  if (usablePrior && usablePrior !== best && sample.length < SHORT_LATIN) {
    const scores = result.getScores();
    // Close enough: the detector's best guess is not clearly better than the section's language.
    if (!supportedCodes.includes(best) || (scores[usablePrior] ?? 0) >= (scores[best] ?? 0) * 0.8) return usablePrior;
  }
  return supportedCodes.includes(best) ? best : null;
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
