import { ReadCache } from '../../src/redis/read-cache';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { parseEnv } from '../../src/config/env.schema';
import { LocaleRegistry } from '../../src/i18n/locale-registry';
import { RedisService } from '../../src/redis/redis.service';
import { ArticleEvents } from '../../src/articles/article-events';
import { SectionRepository } from '../../src/sections';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { neededChannel, TranslationEvents, TranslationNeededEvent } from '../../src/translations/translation-events';
import { TestApp } from '../support/test-app';
import { makeArticle, makeSection } from './support';

describe('TranslationEvents (what other domains call)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await TestApp.start()));
  afterAll(() => t.close());

  it('announces one MISSING task per configured locale but the original, and STALE ones after the original changed', async () => {
    const admin = await t.key('ADMIN');
    const section = (await makeSection(t, admin)).slug;
    const { id } = await makeArticle(t, admin, section, { locale: 'sv', title: 'Svensk artikel' });
    const pubsub = t.app.get(RedisPubSub);
    const events = t.app.get(TranslationEvents);
    const iterators = await Promise.all(['en', 'ur', 'sv'].map((l) => pubsub.iterate<TranslationNeededEvent>(neededChannel(l), (e) => e.articleId === id)));
    await events.articleCreated(id);
    expect((await iterators[0].next()).value).toEqual({ articleId: id, locale: 'en', reason: 'MISSING' });
    expect((await iterators[1].next()).value).toEqual({ articleId: id, locale: 'ur', reason: 'MISSING' });

    // Ingestion's way: publish an Urdu translation, then change the original in SQL and say so.
    await t.dataSource.query(
      `INSERT INTO translations (article_id, section_id, locale, title, slug, status, source_revision)
       SELECT id, section_id, 'ur', 'سویڈش مضمون', 'ur-slug', 'PUBLISHED', source_revision FROM articles WHERE id = $1`,
      [id],
    );
    await t.dataSource.query(`UPDATE articles SET source_revision = source_revision + 1 WHERE id = $1`, [id]);
    await events.originalChanged(id);
    expect((await iterators[1].next()).value).toEqual({ articleId: id, locale: 'ur', reason: 'STALE' });
    await Promise.all(iterators.map((it) => it.return!()));
    expect(pubsub.listenerCount(neededChannel('sv'))).toBe(0);
  });

  it('never fails the caller when Redis is unreachable (the write has happened; the notification is lost and logged)', async () => {
    const config = new AppConfig(parseEnv({ ...process.env, REDIS_URL: 'redis://127.0.0.1:1/0' }));
    const redis = new RedisService(config);
    const pubsub = new RedisPubSub(redis);
    const articleEvents = new ArticleEvents(t.app.get(ReadCache), pubsub, t.app.get(SectionRepository));
    const events = new TranslationEvents(t.app.get(DataSource), pubsub, t.app.get(LocaleRegistry), articleEvents);
    try {
      await expect(events.translationNeeded({ articleId: '00000000-0000-4000-8000-000000000000', locale: 'fr', reason: 'MISSING' })).resolves.toBeUndefined();
      const publication = { articleId: '00000000-0000-4000-8000-000000000000', locale: 'fr', sectionId: '00000000-0000-4000-8000-000000000000' };
      await expect(articleEvents.announce({ created: [], changed: [], published: [publication] })).resolves.toBeUndefined();
    } finally {
      await redis.onApplicationShutdown();
    }
  });
});
