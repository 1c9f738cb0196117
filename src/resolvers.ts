import { ArticleFieldsResolver } from './articles/article-fields.resolver';
import { ArticlesResolver } from './articles/articles.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { ApiKeysResolver } from './auth/api-keys.resolver';
import { ViewerResolver } from './auth/viewer.resolver';
import { FeedsResolver, SectionFeedsResolver } from './feeds/feeds.resolver';
import { OpmlResolver } from './feeds/opml.resolver';
import { GlossaryResolver } from './glossary/glossary.resolver';
import { LocalesResolver } from './i18n/locales.resolver';
import { WatchAlertsFieldsResolver, WatchAlertsResolver } from './mentions/alerts/alerts.resolver';
import { MentionsResolver, MentionSourceFieldsResolver, WatchFieldsResolver } from './mentions/mentions.resolver';
import { SearchResolver } from './search/search.resolver';
import { SectionsResolver } from './sections/sections.resolver';
import { TranslationHelpResolver } from './translations/help/translation-help.resolver';
import { TranslationsResolver } from './translations/translations.resolver';
import { WebhooksResolver } from './webhooks/webhooks.resolver';

/** Every resolver class, for printing schema.gql without starting the app. Add new resolvers here too. */
export const RESOLVERS = [LocalesResolver, SectionsResolver, ArticlesResolver, ArticleFieldsResolver, SearchResolver, FeedsResolver, SectionFeedsResolver, OpmlResolver, TranslationsResolver, MentionsResolver, WatchFieldsResolver, MentionSourceFieldsResolver, WatchAlertsResolver, WatchAlertsFieldsResolver, ViewerResolver, ApiKeysResolver, AuditResolver, GlossaryResolver, TranslationHelpResolver, WebhooksResolver];
