import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badInput } from '../common/errors';

export type TextDirection = 'LTR' | 'RTL';

export interface LocaleDefinition {
  code: string;
  nativeName: string;
  direction: TextDirection;
  fallbacks: string[];
}

/** Where locales.json and the per-language message files live (same path from src/ and dist/). */
export const LOCALES_DIR = join(__dirname, '..', '..', 'locales');

export function loadLocaleDefinitions(dir = LOCALES_DIR): LocaleDefinition[] {
  const raw = JSON.parse(readFileSync(join(dir, 'locales.json'), 'utf8')) as { locales: LocaleDefinition[] };
  return raw.locales;
}

/**
 * Normalises a BCP 47 tag to newsdesk's locale codes: "zh-CN", "zh-Hans", "zh_cn" -> "zh";
 * "ur-PK" -> "ur". Returns the primary language subtag in lower case, or null for garbage.
 */
export function normaliseTag(tag: string): string | null {
  const cleaned = tag.trim().replace(/_/g, '-').toLowerCase();
  const primary = cleaned.split('-')[0];
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/** The configured locales with their fallback chains; pure, built from the definitions and the enabled subset. */
export class LocaleRegistry {
  private readonly byCode: Map<string, LocaleDefinition>;

  constructor(
    definitions: LocaleDefinition[],
    readonly defaultLocale: string,
  ) {
    this.byCode = new Map(definitions.map((d) => [d.code, d]));
    if (!this.byCode.has(defaultLocale)) {
      throw new Error(`DEFAULT_LOCALE "${defaultLocale}" is not one of the configured locales (${this.codes.join(', ')})`);
    }
  }

  static fromConfig(defaultLocale: string, enabled: string[] = [], dir = LOCALES_DIR): LocaleRegistry {
    const all = loadLocaleDefinitions(dir);
    const unknown = enabled.filter((code) => !all.some((d) => d.code === code));
    if (unknown.length) throw new Error(`LOCALES names unknown locales: ${unknown.join(', ')}`);
    const chosen = enabled.length ? all.filter((d) => enabled.includes(d.code)) : all;
    return new LocaleRegistry(chosen, defaultLocale);
  }

  get codes(): string[] {
    return [...this.byCode.keys()];
  }

  get all(): LocaleDefinition[] {
    return [...this.byCode.values()];
  }

  get(code: string): LocaleDefinition | undefined {
    return this.byCode.get(code);
  }

  /** The supported code for a tag, or null when the language is not served. */
  resolve(tag: string): string | null {
    const code = normaliseTag(tag);
    return code && this.byCode.has(code) ? code : null;
  }

  /** The supported code for a tag, or BAD_USER_INPUT naming the supported ones. */
  require(tag: string): string {
    const code = this.resolve(tag);
    if (!code) throw badInput('errors:locale.unsupported', { locale: tag, supported: this.codes.join(', ') });
    return code;
  }

  direction(code: string): TextDirection {
    return this.byCode.get(code)?.direction ?? 'LTR';
  }

  /** The locales tried for a request, in order: the locale, its fallbacks, then the article's original. */
  chain(code: string, originalLocale?: string): string[] {
    const chain = [code, ...(this.byCode.get(code)?.fallbacks ?? [])];
    if (originalLocale) chain.push(originalLocale);
    return [...new Set(chain)];
  }
}
