/**
 * The ceiling of bench:api: a bare node:http + pg server that runs the same SQL as newsdesk for each read
 * and answers the same JSON, with nothing else (no framework, no GraphQL, no auth, no cache).
 * GET /list?locale=en[&tag=t][&after=publishedAt|id][&only=1]   GET /article?section=s&slug=x
 * GET /search?q=word&locale=en   GET /queue?locale=zh   GET /coverage   GET /feed?locale=en (Atom)
 * Cursors are signed with CURSOR_SECRET as newsdesk signs them, so the bench can compare the two answers.
 */
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Pool } from 'pg';
import { CursorCodec } from '../src/common/cursor';
import { searchQueryText } from '../src/common/search-text';
import { Translator } from '../src/i18n/translator';
import { SearchRepository } from '../src/search/search.repository';
import { snippetOf } from '../src/search/search.service';
import { renderFeed } from '../src/syndication/feed-writers';
import { SyndicationRepository } from '../src/syndication/syndication.repository';
import { toCoverage } from '../src/translations/coverage';
import { TranslationQueueRepository } from '../src/translations/translation-queue.repository';

const LOCALES = ['en', 'fr', 'zh', 'ur', 'es', 'sv'];
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
// The repositories only call dataSource.query(sql, params): a pool answers the same way.
const dataSource = { query: async (sql: string, params?: unknown[]): Promise<unknown[]> => (await pool.query<Record<string, unknown>>(sql, params)).rows };
const search = new SearchRepository(dataSource as never);
const queue = new TranslationQueueRepository(dataSource as never);
const syndication = new SyndicationRepository(dataSource as never);
const cursors = new CursorCodec(process.env.CURSOR_SECRET ?? '');
// Compiled to bench/out/scale/bench/: the repository's locales/ is four levels up.
const translator = new Translator(LOCALES, 'en', join(__dirname, '..', '..', '..', '..', 'locales'));
const PUBLIC_URL = (process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');

interface TranslationRow {
  article_id: string;
  locale: string;
  title: string;
  summary: string | null;
  body_html?: string | null;
  slug: string;
  status: string;
  is_original: boolean;
}

/** With bodies for an article, without for a list, as newsdesk reads them (its lists select no body). */
async function translationsOf(ids: string[], bodies: boolean): Promise<Map<string, TranslationRow[]>> {
  const { rows } = await pool.query<TranslationRow>(
    `SELECT article_id, locale, title, summary, ${bodies ? 'body_html, ' : ''}slug, status, is_original FROM translations WHERE article_id = ANY($1::uuid[]) ORDER BY locale`,
    [ids],
  );
  const out = new Map<string, TranslationRow[]>();
  for (const row of rows) out.set(row.article_id, [...(out.get(row.article_id) ?? []), row]);
  return out;
}

async function sectionsOf(ids: string[]): Promise<Map<string, { slug: string; names: Record<string, string> }>> {
  const { rows } = await pool.query(`SELECT id, slug, names FROM sections WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  return new Map(rows.map((r: { id: string; slug: string; names: Record<string, string> }) => [r.id, r]));
}

/** The fallback chain of newsdesk's default configuration: the locale, English, then the original. */
function pick(published: TranslationRow[], locale: string, fallback: boolean) {
  const exact = published.find((t) => t.locale === locale);
  if (exact || !fallback) return exact ? { t: exact, isFallback: false } : null;
  const t = published.find((x) => x.locale === 'en') ?? published.find((x) => x.is_original) ?? published[0];
  return t ? { t, isFallback: true } : null;
}

async function list(params: URLSearchParams) {
  const locale = params.get('locale') ?? 'en';
  const only = params.get('only') === '1';
  const args: unknown[] = [];
  let where = `EXISTS (SELECT 1 FROM translations t WHERE t.article_id = a.id AND t.status = 'PUBLISHED'${only ? ` AND t.locale = $${args.push(locale)}` : ''})`;
  if (params.get('tag')) where = `a.tags @> ARRAY[CAST($${args.push(params.get('tag'))} AS text)] AND ${where}`;
  const after = params.get('after');
  if (after) {
    const [p, id] = after.split('|');
    where += ` AND (a.published_at, a.id) < (CAST($${args.push(p)} AS timestamptz), CAST($${args.push(id)} AS uuid))`;
  }
  const { rows } = await pool.query(
    `SELECT a.id, a.section_id, a.original_locale, a.published_at, a.source_revision, a.published_at::text AS position FROM articles a
     WHERE ${where} ORDER BY a.published_at DESC, a.id DESC LIMIT 21`,
    args,
  );
  const page = rows.slice(0, 20);
  const ids = page.map((r: { id: string }) => r.id);
  const [translations, sections] = await Promise.all([translationsOf(ids, false), sectionsOf(page.map((r: { section_id: string }) => r.section_id))]);
  return {
    data: {
      articles: {
        edges: page.map((a: { id: string; section_id: string; published_at: Date; position: string }) => {
          const published = (translations.get(a.id) ?? []).filter((t) => t.status === 'PUBLISHED');
          const picked = pick(published, locale, !only);
          const section = sections.get(a.section_id)!;
          return {
            cursor: cursors.encode('article', [a.position, a.id]),
            node: {
              id: a.id,
              publishedAt: a.published_at.toISOString(),
              section: { slug: section.slug, name: section.names[locale] ?? section.slug },
              translation: picked ? { locale: picked.t.locale, title: picked.t.title, summary: picked.t.summary, isFallback: picked.isFallback } : null,
              missingLocales: LOCALES.filter((l) => !published.some((t) => t.locale === l)),
            },
          };
        }),
      },
    },
  };
}

async function article(params: URLSearchParams) {
  const { rows: sections } = await pool.query<{ id: string; slug: string }>(`SELECT id, slug FROM sections WHERE slug = $1`, [params.get('section')]);
  const { rows: found } = await pool.query<{ article_id: string }>(
    `SELECT article_id FROM translations WHERE section_id = $1 AND slug = $2 ORDER BY is_original DESC LIMIT 1`,
    [sections[0].id, params.get('slug')],
  );
  const { rows } = await pool.query<{ id: string }>(`SELECT id FROM articles WHERE id = $1`, [found[0].article_id]);
  const translations = (await translationsOf([rows[0].id], true)).get(rows[0].id) ?? [];
  return {
    data: {
      article: {
        id: rows[0].id,
        section: { slug: sections[0].slug },
        translations: translations
          .filter((t) => t.status === 'PUBLISHED')
          .map((t) => ({ locale: t.locale, title: t.title, summary: t.summary, bodyHtml: t.body_html, slug: t.slug })),
      },
    },
  };
}

async function searchHits(params: URLSearchParams) {
  const locale = params.get('locale');
  const folded = searchQueryText(params.get('q') ?? '');
  const { tsquery } = await search.queryFor(locale, folded);
  const rows = await search.page({ tsquery, locale, sectionId: null }, null, 21);
  // The brief columns newsdesk reads for hits whose query selects no article detail (ArticleRepository.readByIds).
  const { rows: articles } = await pool.query(`SELECT id, section_id, original_locale, published_at, source_revision FROM articles WHERE id = ANY($1::uuid[])`, [
    rows.map((r) => r.articleId),
  ]);
  const known = new Set(articles.map((a: { id: string }) => a.id));
  return {
    data: {
      search: {
        edges: rows
          .slice(0, 20)
          .filter((r) => known.has(r.articleId))
          .map((r) => ({ node: { locale: r.locale, score: r.score, snippet: snippetOf(r, folded), article: { id: r.articleId } } })),
      },
    },
  };
}

interface QueueTranslationRow { article_id: string; locale: string; title: string; status: string; is_original: boolean; source_revision: number; updated_at: Date }

/** translationQueue(locale, first: 20) { edges { node { reason article { id } source { title } } } }: the statements newsdesk runs. */
async function queuePage(params: URLSearchParams) {
  const locale = params.get('locale') ?? 'zh';
  const rows = await queue.page({ locale }, null, 21);
  const ids = rows.map((r) => r.articleId);
  const [articles, all] = await Promise.all([
    pool.query<{ id: string; source_revision: number }>(`SELECT * FROM articles WHERE id = ANY($1::uuid[])`, [ids]),
    pool.query<QueueTranslationRow>(`SELECT * FROM translations WHERE article_id = ANY($1::uuid[])`, [ids]),
    queue.drafts(locale, ids),
    queue.liveClaims(locale, ids),
    queue.rejectionComments(locale, ids),
  ]);
  const revisionOf = new Map(articles.rows.map((a) => [a.id, a.source_revision]));
  const stale = all.rows.filter((t) => t.locale === locale && t.status === 'PUBLISHED' && t.source_revision < (revisionOf.get(t.article_id) ?? 0));
  await queue.revisions(stale.map((t) => ({ articleId: t.article_id, revision: t.source_revision })));
  return {
    data: {
      translationQueue: {
        edges: rows.slice(0, 20).map((r) => {
          // The source a translator works from: the original first, then the newest published translation.
          const published = all.rows.filter((t) => t.article_id === r.articleId && t.status === 'PUBLISHED' && t.locale !== locale);
          published.sort((a, b) => Number(b.is_original) - Number(a.is_original) || b.source_revision - a.source_revision || b.updated_at.getTime() - a.updated_at.getTime());
          const target = all.rows.find((t) => t.article_id === r.articleId && t.locale === locale);
          return { node: { reason: r.reason, article: { id: r.articleId }, source: { title: (published[0] ?? target)?.title } } };
        }),
      },
    },
  };
}

async function coverage() {
  const rows = await queue.coverage(LOCALES, null);
  return { data: { translationCoverage: rows.map(({ locale, ...counts }) => { const c = toCoverage(locale, counts); return { locale: c.locale, total: c.total, published: c.published, stale: c.stale, inProgress: c.inProgress, missing: c.missing }; }) } };
}

/** /feeds/<locale>.atom: the same statement and the same writer, with the title from the same messages. */
async function feed(params: URLSearchParams) {
  const locale = params.get('locale') ?? 'en';
  const rows = await syndication.latestPublishedIn(locale, null, 50);
  const language = translator.t(locale, `languages:${locale}`);
  const t = (key: string) => translator.t(locale, key, { language, section: null });
  const stamps = rows.flatMap((r) => [new Date(r.updatedAt).getTime(), new Date(r.publishedAt).getTime()]);
  const path = `/feeds/${locale}`;
  const body = renderFeed(
    {
      language: locale,
      direction: locale === 'ur' ? 'RTL' : 'LTR',
      title: t('syndication:feed.title'),
      description: t('syndication:feed.description'),
      homeUrl: `${PUBLIC_URL}/`,
      selfUrls: { rss: `${PUBLIC_URL}${path}.rss`, atom: `${PUBLIC_URL}${path}.atom`, json: `${PUBLIC_URL}${path}.json` },
      publisher: 'newsdesk',
      generator: 'newsdesk',
      updatedAt: stamps.length ? new Date(Math.max(...stamps)) : null,
      items: rows.map((row) => ({
        id: `urn:uuid:${row.translationId}`,
        title: row.title,
        url: row.url ?? row.canonicalUrl,
        summary: row.summary,
        contentHtml: row.bodyHtml,
        publishedAt: new Date(row.publishedAt),
        updatedAt: new Date(row.updatedAt),
        authors: row.authors ?? [],
        tags: row.tags ?? [],
        imageUrl: row.imageUrl,
      })),
    },
    'atom',
  );
  return { raw: body, contentType: 'application/atom+xml; charset=utf-8' };
}

const ROUTES: Record<string, (p: URLSearchParams) => Promise<unknown>> = {
  '/list': list,
  '/article': article,
  '/search': searchHits,
  '/queue': queuePage,
  '/coverage': coverage,
  '/feed': feed,
};

function send(res: ServerResponse, status: number, body: unknown) {
  const raw = body && typeof body === 'object' && 'raw' in body ? (body as { raw: string; contentType: string }) : null;
  const text = raw ? raw.raw : JSON.stringify(body);
  res.writeHead(status, { 'content-type': raw ? raw.contentType : 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://ceiling');
  const route = ROUTES[url.pathname];
  if (!route) return send(res, 404, { error: 'not found' });
  route(url.searchParams).then(
    (body) => send(res, 200, body),
    (error: Error) => send(res, 500, { error: error.message }),
  );
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
