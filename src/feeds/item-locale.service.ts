import { Injectable, OnModuleInit } from '@nestjs/common';
import { LocaleRegistry } from '../i18n/locale-registry';
import type { ParsedFeed, ParsedItem } from '../feed-reader/feed.types';
import { detectLanguage, itemLocale, loadLanguageDetector } from '../feed-reader/parse/language';

/**
 * The language of an item, as a served locale code: the parser module's itemLocale (the item's declared
 * language, the feed's, the registered one, else detection on the text with the section's language as the
 * prior), else the section's default.
 */
@Injectable()
export class ItemLocaleService implements OnModuleInit {
  constructor(private readonly locales: LocaleRegistry) {}

  onModuleInit(): Promise<void> {
    return loadLanguageDetector();
  }

  /** `text` is only computed when nothing is declared and detection has to read it. */
  localeOf(item: ParsedItem, feed: ParsedFeed, text: () => string, registered: string | null, sectionDefault: string): string {
    const codes = this.locales.codes;
    // The section's language is the prior that decides short, ambiguous Latin-script text.
    return itemLocale(item.language, feed.language, registered, null, codes) ?? detectLanguage(text(), codes, sectionDefault) ?? sectionDefault;
  }
}
