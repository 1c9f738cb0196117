import { Injectable } from '@nestjs/common';
import { LocaleRegistry } from '../i18n/locale-registry';
import type { ParsedFeed, ParsedItem } from '../feed-reader/feed.types';
import { itemLocale } from '../feed-reader/parse/language';

/**
 * The language of an item, as a served locale code: the parser module's itemLocale (the item's declared
 * language, the feed's, the registered one, else detection on the text), else the section's default.
 */
@Injectable()
export class ItemLocaleService {
  constructor(private readonly locales: LocaleRegistry) {}

  /** `text` is only computed when nothing is declared and detection has to read it. */
  localeOf(item: ParsedItem, feed: ParsedFeed, text: () => string, registered: string | null, sectionDefault: string): string {
    const codes = this.locales.codes;
    return itemLocale(item.language, feed.language, registered, null, codes) ?? itemLocale(null, null, null, text(), codes) ?? sectionDefault;
  }
}
