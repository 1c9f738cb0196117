import type { INestApplicationContext } from '@nestjs/common';
import { ArticleEvents } from '../../src/articles/article-events';
import { FeedServer } from '../feeds/support/feed-server';
import { waitFor } from '../feeds/support/wait';
import { startWorkerContext } from '../feeds/support/worker-context';
import { makeArticle, makeSection, type SectionFixture } from '../support/factories';
import { TestApp } from '../support/test-app';
import { keyNamed, REVIEW, SAVE, SUBMIT } from '../translations/support';
import { type Received, Receiver } from './support/receiver';
import { setEnv } from '../support/env';

const SECRET = 'whk-events-secret-0123456789abcdef';
const ALL_EVENTS = [
  'ARTICLE_PUBLISHED',
  'ARTICLE_UPDATED',
  'ARTICLE_DELETED',
  'TRANSLATION_NEEDED',
  'TRANSLATION_SUBMITTED',
  'TRANSLATION_APPROVED',
  'TRANSLATION_REJECTED',
  'MENTION_FOUND',
  'FEED_FAILING',
];

describe('webhook events: each occurrence reaches the receiver once', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let receiver: Receiver;
  let feeds: FeedServer;
  let admin: string;
  let editor: string;
  let reviewer: string;
  let translator: string;
  let section: SectionFixture;
  let webhookId: string;
  const settings = { FETCH_ALLOWLIST: '127.0.0.1', LOCALES: 'en,sv', WEBHOOK_RETRY_BASE_MS: '50', FEED_MAX_FAILURES: '5' };
  let restoreEnv = () => {};

  beforeAll(async () => {
    restoreEnv = setEnv(settings);
    t = await TestApp.start();
    worker = await startWorkerContext();
    receiver = await Receiver.start(SECRET);
    feeds = await new FeedServer().start();
    admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Hook editor');
    reviewer = await keyNamed(t, 'EDITOR', 'Hook reviewer');
    translator = await keyNamed(t, 'TRANSLATOR', 'Hook translator', { locales: ['sv'] });
    section = await makeSection(t, admin);
    const res = await t.gql(`mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { id events } }`, {
      key: admin,
      variables: { input: { url: receiver.url, events: ALL_EVENTS, secret: SECRET } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createWebhook.events).toEqual(ALL_EVENTS);
    webhookId = res.data!.createWebhook.id;
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await receiver?.close();
    await feeds?.stop();
    restoreEnv();
  });

  const gql = async (query: string, key: string, variables: Record<string, unknown>) => {
    const res = await t.gql(query, { key, variables });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!;
  };
  /** Translates into Swedish and submits: TRANSLATION_SUBMITTED. */
  const submitSwedish = async (id: string, title: string) => {
    const draft = await gql(SAVE, translator, { id, locale: 'sv', input: { title, bodyHtml: `<p>${title}</p>` } });
    await gql(SUBMIT, translator, { id, locale: 'sv', v: draft.saveTranslation.version });
  };
  const arrived = (event: string, match: (r: Received) => boolean) => waitFor(async () => receiver.of(event).find(match), `${event} at the receiver`);
  const deliveryCount = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = $1`, [webhookId]))[0].n);

  it('articles, translation tasks and the desk steps', async () => {
    const rejected = await makeArticle(t, editor, section.slug, { title: 'Rejected one' });
    const approved = await makeArticle(t, editor, section.slug, { title: 'Approved one' });
    await submitSwedish(rejected.id, 'Avvisad');
    await gql(REVIEW, reviewer, { id: rejected.id, locale: 'sv', decision: 'REJECT', comment: 'Again' });
    await submitSwedish(approved.id, 'Godkänd');
    await gql(REVIEW, reviewer, { id: approved.id, locale: 'sv', decision: 'APPROVE' });

    const published = await arrived('ARTICLE_PUBLISHED', (r) => r.body.data.id === approved.id && r.body.data.locale === 'sv');
    expect(published.body.data).toEqual({ id: approved.id, section: section.slug, locale: 'sv', title: 'Godkänd', url: null });
    const needed = await arrived('TRANSLATION_NEEDED', (r) => r.body.data.articleId === rejected.id);
    expect(needed.body.data).toEqual({ articleId: rejected.id, locale: 'sv', reason: 'MISSING' });
    const submitted = await arrived('TRANSLATION_SUBMITTED', (r) => r.body.data.articleId === rejected.id);
    expect(submitted.body.data).toEqual({ articleId: rejected.id, locale: 'sv', by: 'Hook translator' });
    const rejection = await arrived('TRANSLATION_REJECTED', (r) => r.body.data.articleId === rejected.id);
    expect(rejection.body.data).toEqual({ articleId: rejected.id, locale: 'sv', by: 'Hook reviewer', reason: 'REJECTED' });
    const approval = await arrived('TRANSLATION_APPROVED', (r) => r.body.data.articleId === approved.id);
    expect(approval.body.data).toEqual({ articleId: approved.id, locale: 'sv', by: 'Hook reviewer' });

    // Once each: two articles published in English, one in Swedish; one task each; two submissions.
    await waitFor(async () => receiver.of('ARTICLE_PUBLISHED').length >= 3 && receiver.of('TRANSLATION_SUBMITTED').length >= 2, 'every delivery');
    const subjects = (event: string) => receiver.of(event).map((r) => `${r.body.data.id ?? r.body.data.articleId}/${r.body.data.locale}`).sort();
    expect(subjects('ARTICLE_PUBLISHED')).toEqual([`${approved.id}/en`, `${approved.id}/sv`, `${rejected.id}/en`].sort());
    expect(subjects('TRANSLATION_NEEDED')).toEqual([`${approved.id}/sv`, `${rejected.id}/sv`].sort());
    expect(subjects('TRANSLATION_SUBMITTED')).toEqual([`${approved.id}/sv`, `${rejected.id}/sv`].sort());
    expect(receiver.of('TRANSLATION_REJECTED')).toHaveLength(1);
    expect(receiver.of('TRANSLATION_APPROVED')).toHaveLength(1);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.deliveryId)).size).toBe(receiver.received.length);
  });

  it('a publication announced again (a retried job, a second announcement) is not delivered twice', async () => {
    const article = await makeArticle(t, editor, section.slug);
    await arrived('ARTICLE_PUBLISHED', (r) => r.body.data.id === article.id);
    const before = await deliveryCount();
    const events = t.app.get(ArticleEvents);
    const again = { created: [], changed: [], published: [{ articleId: article.id, locale: 'en', sectionId: section.id }] };
    await events.announce(again);
    await events.announce(again);
    // The announcement is awaited to the end: a new delivery would be stored by now.
    expect(await deliveryCount()).toBe(before);
  });

  it('an edited original: ARTICLE_UPDATED once, and its new version published', async () => {
    const article = await makeArticle(t, editor, section.slug, { title: 'Before the edit' });
    await arrived('ARTICLE_PUBLISHED', (r) => r.body.data.id === article.id);
    const v = (await gql(`query($id: ID!) { article(id: $id) { translation(fallback: false) { version } } }`, editor, { id: article.id })).article.translation.version;
    await gql(SAVE, editor, { id: article.id, locale: 'en', v, input: { title: 'After the edit' } });
    const updated = await arrived('ARTICLE_UPDATED', (r) => r.body.data.id === article.id);
    expect(updated.body.data).toMatchObject({ id: article.id, section: section.slug, locale: 'en', title: 'After the edit' });
    await arrived('ARTICLE_PUBLISHED', (r) => r.body.data.id === article.id && r.body.data.title === 'After the edit');
    expect(receiver.of('ARTICLE_PUBLISHED').filter((r) => r.body.data.id === article.id)).toHaveLength(2);
    expect(receiver.of('ARTICLE_UPDATED').filter((r) => r.body.data.id === article.id)).toHaveLength(1);
  });

  it('updateArticle: ARTICLE_UPDATED once per change; deleteArticle: ARTICLE_DELETED with the article as it was', async () => {
    const article = await makeArticle(t, editor, section.slug, { title: 'Metadata moves', canonicalUrl: 'https://site.example/metadata' });
    const update = (tags: string[]) => gql(`mutation($id: ID!, $input: UpdateArticleInput!) { updateArticle(id: $id, input: $input) { id } }`, editor, { id: article.id, input: { tags } });
    await update(['one']);
    await arrived('ARTICLE_UPDATED', (r) => r.body.data.id === article.id);
    await update(['two']);
    await waitFor(async () => receiver.of('ARTICLE_UPDATED').filter((r) => r.body.data.id === article.id).length === 2, 'the second update');
    expect(receiver.of('ARTICLE_UPDATED').filter((r) => r.body.data.id === article.id)[1].body.data).toEqual({
      id: article.id,
      section: section.slug,
      locale: 'en',
      title: 'Metadata moves',
      url: 'https://site.example/metadata',
    });

    expect((await gql(`mutation($id: ID!) { deleteArticle(id: $id) }`, editor, { id: article.id })).deleteArticle).toBe(true);
    const deleted = await arrived('ARTICLE_DELETED', (r) => r.body.data.id === article.id);
    expect(deleted.body.data).toEqual({ id: article.id, section: section.slug, locale: 'en', title: 'Metadata moves', url: 'https://site.example/metadata' });
    expect(receiver.of('ARTICLE_DELETED')).toHaveLength(1);
  });

  it('a mention found: MENTION_FOUND once, however often it is reported', async () => {
    const watch = await gql(`mutation($input: CreateWatchInput!) { createWatch(input: $input) { id } }`, editor, {
      input: { name: 'Hook watch', terms: [{ text: 'Zebrafinch' }] },
    });
    const report = () =>
      gql(`mutation($input: ReportMentionInput!) { reportMention(input: $input) { id } }`, editor, {
        input: { url: 'https://news.example/zebrafinch', text: 'The Zebrafinch report', sourceName: 'News', watch: watch.createWatch.id },
      });
    const mention = (await report()).reportMention;
    const found = await arrived('MENTION_FOUND', (r) => r.body.data.id === mention.id);
    expect(found.body.data).toEqual({ id: mention.id, url: 'https://news.example/zebrafinch', watchId: watch.createWatch.id, matchedTerms: ['Zebrafinch'] });
    const before = await deliveryCount();
    expect((await report()).reportMention.id).toBe(mention.id);
    expect(await deliveryCount()).toBe(before);
    expect(receiver.of('MENTION_FOUND')).toHaveLength(1);
  });

  it('a feed that starts failing: FEED_FAILING once, not again at its next failure', async () => {
    feeds.routes.set('/broken.xml', { status: 500, body: 'down' });
    const feed = await gql(`mutation($input: RegisterFeedInput!) { registerFeed(input: $input) { id } }`, editor, {
      input: { section: section.slug, url: feeds.url('/broken.xml') },
    });
    const id = feed.registerFeed.id;
    const refresh = async (n: number) => {
      await gql(`mutation($id: ID!) { refreshFeed(id: $id) { id } }`, editor, { id });
      await waitFor(async () => (await t.dataSource.query(`SELECT consecutive_failures FROM feeds WHERE id = $1`, [id]))[0].consecutive_failures >= n, `failure ${n}`);
    };
    await refresh(1);
    const failing = await arrived('FEED_FAILING', (r) => r.body.data.id === id);
    expect(failing.body.data).toEqual({ id, url: feeds.url('/broken.xml'), status: 'FAILING', lastError: 'The server answered with HTTP status 500.' });
    const before = await deliveryCount();
    await refresh(2);
    expect(await deliveryCount()).toBe(before);
    expect(receiver.of('FEED_FAILING')).toHaveLength(1);
  });
});
