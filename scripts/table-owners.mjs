// Fails when a table is written from outside the folder that owns it (ARCHITECTURE.md, "one owner per
// table"): SQL that inserts into, updates, deletes from or truncates it, or a TypeORM repository of its
// entity injected or fetched elsewhere. Reads are free. Migrations (history) are exempt.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Table -> the folder that writes it, and the entities that map it. */
const OWNERS = [
  { tables: ['articles', 'translations', 'article_alternates'], owner: 'src/articles/', entities: ['ArticleEntity', 'TranslationEntity'] },
  { tables: ['sections'], owner: 'src/sections/', entities: ['SectionEntity'] },
  { tables: ['api_keys'], owner: 'src/auth/', entities: ['ApiKeyEntity'] },
  {
    tables: ['translation_claims', 'translation_drafts', 'translation_events', 'translation_digests', 'article_revisions', 'translation_memory'],
    owner: 'src/translations/',
    entities: ['TranslationClaimEntity', 'TranslationDraftEntity', 'TranslationEventEntity', 'TranslationDigestEntity', 'ArticleRevisionEntity'],
  },
  { tables: ['feeds', 'ingest_tombstones', 'pushed_documents', 'section_push_secrets', 'websub_subscriptions'], owner: 'src/feeds/', entities: ['FeedEntity', 'PushSecretEntity'] },
  {
    tables: ['mentions', 'mention_sources', 'watches', 'watch_alerts', 'watch_feed_tokens', 'mention_digests'],
    owner: 'src/mentions/',
    entities: ['MentionEntity', 'MentionSourceEntity', 'WatchEntity'],
  },
  { tables: ['glossary_terms'], owner: 'src/glossary/', entities: ['GlossaryTermEntity'] },
  { tables: ['webhooks', 'webhook_deliveries'], owner: 'src/webhooks/', entities: ['WebhookEntity', 'WebhookDeliveryEntity'] },
  { tables: ['audit_log'], owner: 'src/audit/', entities: ['AuditEntryEntity'] },
];
/** Known exceptions, each with its reason. */
const ALLOWED = new Map([
  ['src/database/search-rebuild.ts', 'sets only the derived search_vector column (writers call it; the FoldedSearchText migration and `npm run search:rebuild` rebuild all rows)'],
]);

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

const problems = [];
for (const file of files('src')) {
  if (file.includes('/migrations/') || file.endsWith('.spec.ts') || ALLOWED.has(file)) continue;
  const text = readFileSync(file, 'utf8');
  for (const { tables, owner, entities } of OWNERS) {
    if (file.startsWith(owner)) continue;
    const names = tables.join('|');
    const sql = new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE(?:\\s+TABLE)?)\\s+(?:ONLY\\s+)?("?)(${names})\\2(?![\\w.])`, 'gi');
    const orm = new RegExp(`(InjectRepository|getRepository)\\(\\s*(${entities.join('|')})\\s*\\)(\\s*\\.\\s*(save|insert|update|upsert|delete|remove|softDelete|increment|decrement|query)\\b)?`, 'g');
    for (const m of text.matchAll(sql)) problems.push(`${file}: ${m[1].toUpperCase()} ${m[3]} (owned by ${owner}; call its narrow methods)`);
    for (const m of text.matchAll(orm)) {
      // Reading through an entity's repository is allowed; holding one injected, or writing through it, is not.
      if (m[1] === 'InjectRepository' || m[3]) problems.push(`${file}: ${m[0].replace(/\s+/g, '')} (owned by ${owner})`);
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
