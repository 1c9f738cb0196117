/**
 * `npm run seed:scale -- --articles 100000 [--database-url URL]`: fills a database with articles at the
 * organisation's real size, for benchmarks and for anyone who wants to try newsdesk at size.
 *
 * Realistic enough for the planner and for search: titles, summaries and bodies written in each of the six
 * languages (from bench/news-sentences.ts), 1 to 3 translations per article (about 2.2 on average), tags,
 * eight sections, ten years of dates, a few drafts and stale translations for the translation desk, and a
 * rare word in about one translation in two thousand. Rows go in with unnest() batches over two
 * connections; search text is computed in Node and the vector written with the row, as every translations
 * writer does.
 */
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { NEWS_SENTENCES } from '../bench/news-sentences';
import { slugify } from '../src/articles/slug';
import { searchTextColumns } from '../src/common/search-text';
import { AppConfig } from '../src/config/app-config';
import { parseEnv } from '../src/config/env.schema';
import { migrate } from '../src/database/migrate';
import { SEARCH_VECTOR_SQL } from '../src/database/search-rebuild';

type Locale = keyof typeof NEWS_SENTENCES;
const LOCALES = Object.keys(NEWS_SENTENCES) as Locale[];

/** A word per language that appears rarely (about 1 translation in 2,000): the "rare word" of the search bench. */
export const RARE_WORDS: Record<Locale, string> = { en: 'lighthouse', fr: 'phare', zh: '灯塔', ur: 'مینار', es: 'faro', sv: 'fyrtornet' };
/** A word per language that most translations in it contain: the "common word" of the search bench. */
export const COMMON_WORDS: Record<Locale, string> = { en: 'report', fr: 'rapport', zh: '报告', ur: 'رپورٹ', es: 'informe', sv: 'rapport' };
export const RARE_SENTENCES: Record<Locale, string> = {
  en: 'The old lighthouse on the coast was restored by volunteers.',
  fr: 'Le vieux phare de la côte a été restauré par des bénévoles.',
  zh: '海边的旧灯塔由志愿者修复。',
  ur: 'ساحل پر پرانا مینار رضاکاروں نے بحال کیا۔',
  es: 'El viejo faro de la costa fue restaurado por voluntarios.',
  sv: 'Det gamla fyrtornet vid kusten restaurerades av frivilliga.',
};
export const COMMON_SENTENCES: Record<Locale, string> = {
  en: 'Read the full report on our website.',
  fr: 'Lisez le rapport complet sur notre site.',
  zh: '请在我们的网站上阅读完整报告。',
  ur: 'مکمل رپورٹ ہماری ویب سائٹ پر پڑھیں۔',
  es: 'Lea el informe completo en nuestro sitio.',
  sv: 'Läs hela rapporten på vår webbplats.',
};

/** The seeded sections: slug, default locale. */
export const SCALE_SECTIONS: [slug: string, locale: Locale][] = [
  ['international', 'en'], ['france', 'fr'], ['taiwan', 'zh'], ['pakistan', 'ur'],
  ['espana', 'es'], ['sverige', 'sv'], ['uk', 'en'], ['mexico', 'es'],
];
/** The tags; the first ones are the most frequent (a rough Zipf curve). */
export const SCALE_TAGS = ['climate', 'human-rights', 'education', 'health', 'housing', 'water', 'elections', 'justice',
  'culture', 'refugees', 'press-freedom', 'labour', 'agriculture', 'gender', 'youth', 'energy', 'migration', 'children',
  'environment', 'transport', 'technology', 'peace', 'food', 'indigenous-rights'];

/** mulberry32: a small seeded generator, so two runs of the seed produce the same archive. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Batch {
  articles: { id: string[]; section: string[]; locale: string[]; url: string[]; published: string[]; tags: string[]; revision: number[] };
  translations: {
    article: string[]; section: string[]; locale: string[]; title: string[]; summary: string[]; body: string[];
    slug: string[]; status: string[]; original: boolean[]; revision: number[]; by: (string | null)[];
  };
}

const TEN_YEARS_MS = 10 * 365.25 * 24 * 3600 * 1000;

function text(random: () => number, locale: Locale, n: number): string[] {
  const bank = NEWS_SENTENCES[locale];
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(bank[Math.floor(random() * bank.length)]);
  return out;
}

/** The rows of articles [from, to): deterministic for a given index. */
function makeBatch(sections: { id: string; locale: Locale }[], from: number, to: number, now: number): Batch {
  const batch: Batch = {
    articles: { id: [], section: [], locale: [], url: [], published: [], tags: [], revision: [] },
    translations: { article: [], section: [], locale: [], title: [], summary: [], body: [], slug: [], status: [], original: [], revision: [], by: [] },
  };
  for (let i = from; i < to; i++) {
    const random = generator(i + 1);
    const section = sections[Math.floor(random() * sections.length)];
    const original: Locale = random() < 0.7 ? section.locale : LOCALES[Math.floor(random() * LOCALES.length)];
    const id = randomUUID();
    const revision = random() < 0.1 ? 2 : 1;
    const tagCount = 1 + Math.floor(random() * 3);
    const tags = new Set<string>();
    for (let k = 0; k < tagCount; k++) tags.add(SCALE_TAGS[Math.floor(SCALE_TAGS.length * random() ** 2)]);
    const a = batch.articles;
    a.id.push(id);
    a.section.push(section.id);
    a.locale.push(original);
    a.url.push(`https://scale.newsdesk.invalid/${i}`);
    a.published.push(new Date(now - random() * TEN_YEARS_MS).toISOString());
    a.tags.push([...tags].join(','));
    a.revision.push(revision);

    // 1 to 3 translations: the original, then 0, 1 or 2 others (weighted so the mean is about 2.2).
    const extra = random() < 0.2 ? 0 : random() < 0.55 ? 1 : 2;
    const others = LOCALES.filter((l) => l !== original).sort(() => random() - 0.5).slice(0, extra);
    for (const locale of [original, ...others]) {
      const isOriginal = locale === original;
      const sentences = text(random, locale, 4 + Math.floor(random() * 4));
      if (random() < 0.0005) sentences.push(RARE_SENTENCES[locale]);
      if (random() < 0.6) sentences.push(COMMON_SENTENCES[locale]);
      const title = sentences[0].replace(/[.。۔]$/u, '');
      const t = batch.translations;
      t.article.push(id);
      t.section.push(section.id);
      t.locale.push(locale);
      t.title.push(title);
      t.summary.push(sentences[1]);
      t.body.push(sentences.slice(2).map((s) => `<p>${s}</p>`).join(''));
      t.slug.push(`${slugify(title, 'article', 60)}-${i.toString(36)}`);
      t.status.push(isOriginal || random() < 0.93 ? 'PUBLISHED' : random() < 0.5 ? 'DRAFT' : 'SUBMITTED');
      t.original.push(isOriginal);
      t.revision.push(isOriginal ? revision : random() < 0.5 ? 1 : revision);
      t.by.push(isOriginal ? null : 'scale seed');
    }
  }
  return batch;
}

async function insertBatch(client: PoolClient, batch: Batch): Promise<void> {
  const a = batch.articles;
  const t = batch.translations;
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO articles (id, section_id, original_locale, canonical_url, published_at, tags, source_revision)
     SELECT id, section_id, locale, url, published, string_to_array(tags, ','), revision
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::int[])
       AS x(id, section_id, locale, url, published, tags, revision)`,
    [a.id, a.section, a.locale, a.url, a.published, a.tags, a.revision],
  );
  // Search text computed in Node, as every translations writer does (src/common/search-text.ts).
  const search = searchTextColumns(t.locale.map((locale, i) => ({ locale, title: t.title[i], summary: t.summary[i], bodyHtml: t.body[i] })));
  await client.query(
    `INSERT INTO translations (article_id, section_id, locale, title, summary, body_html, slug, status, is_original,
                               source_revision, translated_by, search_vector)
     SELECT x.article_id, x.section_id, x.locale, x.title, x.summary, x.body_html, x.slug, x.status, x.is_original,
            x.source_revision, x.translated_by, ${SEARCH_VECTOR_SQL('x.config', 'x.s_title', 'x.s_summary', 'x.s_body')}
     FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                 $9::boolean[], $10::int[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
       AS x(article_id, section_id, locale, title, summary, body_html, slug, status, is_original, source_revision,
            translated_by, config, s_title, s_summary, s_body)`,
    [t.article, t.section, t.locale, t.title, t.summary, t.body, t.slug, t.status, t.original, t.revision, t.by,
      search.configs, search.titles, search.summaries, search.bodies],
  );
  await client.query('COMMIT');
}

/** The eight scale sections (created when missing), with their ids and default locales. */
export async function ensureScaleSections(pool: Pool): Promise<{ id: string; locale: Locale }[]> {
  const out: { id: string; locale: Locale }[] = [];
  for (const [slug, locale] of SCALE_SECTIONS) {
    const names = Object.fromEntries(LOCALES.map((l) => [l, slug]));
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO sections (slug, names, default_locale) VALUES ($1, $2, $3)
       ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
      [slug, JSON.stringify(names), locale],
    );
    out.push({ id: rows[0].id, locale });
  }
  return out;
}

export interface SeedOptions {
  databaseUrl: string;
  articles: number;
  batchSize?: number;
  log?: (line: string) => void;
}

/** Adds `articles` articles (numbered after those already seeded, so a second run adds more). */
export async function seedScale(options: SeedOptions): Promise<{ articles: number; translations: number; seconds: number }> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  await migrate(new AppConfig({ ...parseEnv(), DATABASE_URL: options.databaseUrl }));
  const pool = new Pool({ connectionString: options.databaseUrl, max: 2 });
  try {
    const sections = await ensureScaleSections(pool);
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM articles WHERE canonical_url LIKE 'https://scale.newsdesk.invalid/%'`);
    const offset = rows[0].n;
    const size = options.batchSize ?? 2000;
    const now = Date.now();
    let next = offset;
    let translations = 0;
    const end = offset + options.articles;
    // Two writers: one builds its next batch while the other's is in PostgreSQL.
    const writer = async () => {
      const client = await pool.connect();
      try {
        while (next < end) {
          const from = next;
          const to = Math.min(end, next + size);
          next = to;
          const batch = makeBatch(sections, from, to, now);
          await insertBatch(client, batch);
          translations += batch.translations.article.length;
          if (Math.floor(to / 10000) !== Math.floor(from / 10000)) log(`${to - offset} articles, ${translations} translations`);
        }
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    };
    await Promise.all([writer(), writer()]);
    // As autovacuum would leave a settled archive: statistics for the planner, a visibility map for index-only scans.
    await pool.query('VACUUM (ANALYZE) articles');
    await pool.query('VACUUM (ANALYZE) translations');
    await pool.query('VACUUM (ANALYZE) search_entries');
    return { articles: options.articles, translations, seconds: (Date.now() - started) / 1000 };
  } finally {
    await pool.end();
  }
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (require.main === module) {
  const articles = Number(argument('articles') ?? 100000);
  const databaseUrl = argument('database-url') ?? parseEnv().DATABASE_URL;
  if (!Number.isInteger(articles) || articles < 1) {
    console.error('--articles must be a positive whole number');
    process.exit(2);
  }
  console.log(`Seeding ${articles} articles into ${new URL(databaseUrl).pathname.slice(1)} ...`);
  seedScale({ databaseUrl, articles, log: (line) => console.log(line) })
    .then((r) => console.log(`Done: ${r.articles} articles, ${r.translations} translations in ${r.seconds.toFixed(1)} s`))
    .catch((error: Error) => {
      console.error(`Seeding failed: ${error.message}`);
      process.exit(1);
    });
}
