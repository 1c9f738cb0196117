import i18next from 'i18next';

// The page's messages live beside the API's, in locales/<code>/desk.json (the same six languages).
const files = import.meta.glob<Record<string, string>>('../../locales/*/desk.json', { eager: true, import: 'default' });
const resources = Object.fromEntries(
  Object.entries(files).map(([path, desk]) => [path.split('/').at(-2)!, { desk }]),
);
export const UI_LANGUAGES = Object.keys(resources).sort();
const RTL = new Set(['ur', 'ar', 'fa', 'he']);
const STORED = 'newsdesk.desk.language';

export const isRtl = (code: string): boolean => RTL.has(code.split('-')[0]);

/** The stored choice, else the browser's first language the page speaks, else English. */
export function preferredLanguage(stored = localStorage.getItem(STORED), wanted: readonly string[] = navigator.languages): string {
  if (stored && UI_LANGUAGES.includes(stored)) return stored;
  for (const tag of wanted) {
    const base = tag.toLowerCase().split('-')[0];
    if (UI_LANGUAGES.includes(base)) return base;
  }
  return 'en';
}

export async function startI18n(): Promise<void> {
  await i18next.init({ resources, lng: preferredLanguage(), fallbackLng: 'en', defaultNS: 'desk', interpolation: { escapeValue: false } });
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
