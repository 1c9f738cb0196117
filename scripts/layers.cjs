/** newsdesk's layers below the entries (ARCHITECTURE.md): read by .dependency-cruiser.cjs and scripts/arch-graph.mjs. */
module.exports = {
  DOMAINS: ['sections', 'articles', 'auth', 'feeds', 'mentions', 'translations', 'search', 'syndication', 'admin', 'metrics', 'health', 'rate-limit', 'glossary', 'webhooks', 'audit'],
  KIT: ['feed-reader'],
  GROUND: ['config', 'database', 'redis', 'queues', 'i18n', 'graphql', 'common', 'logging', 'mail'],
};
