import { Foundation1764201600000 } from './1764201600000-Foundation';
import { Feeds1764300000000 } from './1764300000000-Feeds';
import { ArticleAlternates1764300000001 } from './1764300000001-ArticleAlternates';
import { TranslationDesk1764400000000 } from './1764400000000-TranslationDesk';
import { Mentions1764500000000 } from './1764500000000-Mentions';
import { SearchVectors1764600000000 } from './1764600000000-SearchVectors';
import { TranslationUrlIndex1764700000000 } from './1764700000000-TranslationUrlIndex';
import { ReadIndexes1765400000000 } from './1765400000000-ReadIndexes';
import { PushedDocuments1765500000000 } from './1765500000000-PushedDocuments';
import { ArticleMedia1765500000001 } from './1765500000001-ArticleMedia';
import { FoldedSearchText1765600000000 } from './1765600000000-FoldedSearchText';
import { GlossaryG1766700000100 } from './1766700000100-GlossaryG';
import { TranslationMemoryG1766700000200 } from './1766700000200-TranslationMemoryG';
import { KeyMailG1766700000300 } from './1766700000300-KeyMailG';
import { Webhooks1766800000100 } from './1766800000100-Webhooks';
import { MentionAlerts1766800000200 } from './1766800000200-MentionAlerts';
import { FeedHtmlUrl1766800000700 } from './1766800000700-FeedHtmlUrl';
import { AuditLogH51766800000800 } from './1766800000800-AuditLogH5';
import { WatchPrecision1767000000303 } from './1767000000303-WatchPrecision';
import { WebSub1767000000600 } from './1767000000600-WebSub';
import { StatementSnapshots1767100000000 } from './1767100000000-StatementSnapshots';
import { SearchByLocale1767200000000 } from './1767200000000-SearchByLocale';
import { SearchEntries1767300000000 } from './1767300000000-SearchEntries';

/** Every migration, in order. Listed explicitly so the API, the worker, the CLI and Jest load the same set. */
export const MIGRATIONS = [
  Foundation1764201600000,
  Feeds1764300000000,
  ArticleAlternates1764300000001,
  TranslationDesk1764400000000,
  Mentions1764500000000,
  SearchVectors1764600000000,
  TranslationUrlIndex1764700000000,
  ReadIndexes1765400000000,
  PushedDocuments1765500000000,
  ArticleMedia1765500000001,
  FoldedSearchText1765600000000,
  GlossaryG1766700000100,
  TranslationMemoryG1766700000200,
  KeyMailG1766700000300,
  Webhooks1766800000100,
  MentionAlerts1766800000200,
  FeedHtmlUrl1766800000700,
  AuditLogH51766800000800,
  WatchPrecision1767000000303,
  WebSub1767000000600,
  StatementSnapshots1767100000000,
  SearchByLocale1767200000000,
  SearchEntries1767300000000,
];
