import i18next from 'i18next';
import { isRtl, preferredLanguage } from './logic';

// The page's messages live beside the API's, in locales/<code>/desk.json (the same six languages).
const files = import.meta.glob<Record<string, string>>('../../locales/*/desk.json', { eager: true, import: 'default' });
const resources = Object.fromEntries(
  Object.entries(files).map(([path, desk]) => [path.split('/').at(-2)!, { desk }]),
);
export const UI_LANGUAGES = Object.keys(resources).sort();
const STORED = 'newsdesk.desk.language';

const preferred = () => preferredLanguage(localStorage.getItem(STORED), navigator.languages, UI_LANGUAGES);

export async function startI18n(): Promise<void> {
  await i18next.init({ resources, lng: preferred(), fallbackLng: 'en', defaultNS: 'desk', interpolation: { escapeValue: false } });
  applyLanguage();
}

export async function switchLanguage(code: string): Promise<void> {
  localStorage.setItem(STORED, code);
  await i18next.changeLanguage(code);
  applyLanguage();
}

/** The document follows the interface language: lang, direction (Urdu right to left) and title. */
function applyLanguage(): void {
  const code = i18next.language;
  document.documentElement.lang = code;
  document.documentElement.dir = isRtl(code) ? 'rtl' : 'ltr';
  document.title = t('title');
}

export const t = (key: string, options?: Record<string, unknown>): string => i18next.t(key, options);
export const language = (): string => i18next.language;
