import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { i18n, Resource } from 'i18next';
import { LOCALES_DIR } from './locale-registry';

/** Reads locales/<lang>/<namespace>.json into an i18next resource object. */
export function loadResources(languages: string[], dir = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of languages) {
    const folder = join(dir, lng);
    if (!existsSync(folder)) throw new Error(`locales/${lng}/ is missing: every configured locale needs its message files`);
    resources[lng] = {};
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

/** The one i18next instance of a process: every message a person reads goes through it. */
export class Translator {
  private readonly instance: i18n;

  constructor(languages: string[], defaultLocale: string, dir = LOCALES_DIR) {
    const resources = loadResources(languages, dir);
    const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
    this.instance = i18next.createInstance();
    void this.instance.init({
      resources,
      lng: defaultLocale,
      fallbackLng: defaultLocale,
      supportedLngs: languages,
      ns: namespaces,
      defaultNS: 'errors',
      initAsync: false,
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }

  /**
   * Translates `key` ("namespace:path") into `lng`. A message with a number chooses its plural form
   * (key_one, key_other, and key_many or others where the language has them) by `count`; a limit is passed
   * as `max`, which then is the count. Numbers and dates are formatted in the message (`{{count, number}}`,
   * `{{until, datetime(...)}}`) with Intl for `lng`.
   */
  t(lng: string, key: string, params: Record<string, unknown> = {}): string {
    const count = params.count ?? (typeof params.max === 'number' ? params.max : undefined);
    return String(this.instance.t(key, { ...params, ...(count === undefined ? {} : { count }), lng }));
  }

  has(lng: string, key: string): boolean {
    return this.instance.exists(key, { lng, fallbackLng: false } as never);
  }
}
