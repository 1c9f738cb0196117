import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, READ, REVIEW, SAVE, SUBMIT } from './support';
import { setEnv } from '../support/env';

const MACHINE = `query($id: ID!, $locale: String!) { machineSuggestion(articleId: $id, locale: $locale) { provider title summary bodyHtml } }`;

interface Received {
  q: string[];
  source: string;
  target: string;
  format: string;
  api_key?: string;
}

/**
 * A stand-in for a LibreTranslate server on 127.0.0.1 (no model can be downloaded here): it answers
 * /translate as LibreTranslate does, "translating" by tagging each text with the target language.
 */
function standIn(): Promise<{ server: Server; url: string; received: Received[]; failNext: { status: number | null } }> {
  const received: Received[] = [];
  const failNext = { status: null as number | null };
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => answer(raw, req, res));
  });
  const answer = (raw: string, req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/translate') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(raw) as Received;
    received.push(body);
    if (failNext.status) {
      res.writeHead(failNext.status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'internal detail http://10.0.0.5/secret' }));
      failNext.status = null;
      return;
    }
    const translate = (text: string) =>
      body.format === 'html' ? text.replace(/>([^<]+)</g, (_m, words: string) => `>[${body.target}] ${words}<`) + '<script>alert(1)</script>' : `[${body.target}] ${text}`;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ translatedText: body.q.map(translate) }));
  };
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received, failNext })),
  );
}

describe('machine suggestions from a LibreTranslate-compatible server', () => {
  let t: TestApp;
  let mt: Awaited<ReturnType<typeof standIn>>;
  let editor: string;
  let claire: string;
  let section: string;
  let restoreEnv = () => {};

  beforeAll(async () => {
    mt = await standIn();
    restoreEnv = setEnv({ MT_URL: mt.url, MT_API_KEY: 'test-mt-key' });
    t = await TestApp.start();
    const admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Editor');
    claire = await keyNamed(t, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    section = (await makeSection(t, admin)).slug;
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => mt.server.close(resolve));
    restoreEnv();
  });

  it('translates the source through the server and marks the result as the machine\'s', async () => {
    const { id } = await makeArticle(t, editor, section, { title: 'Students meet', summary: 'A short summary', bodyHtml: '<p>The <em>union</em> meets.</p>' });
    const res = await t.gql(MACHINE, { key: claire, variables: { id, locale: 'fr' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.machineSuggestion).toEqual({
      provider: 'libretranslate',
      title: '[fr] Students meet',
      summary: '[fr] A short summary',
      bodyHtml: '<p>[fr] The <em>[fr] union</em>[fr]  meets.</p>',
    });
    const calls = mt.received.slice(-2);
    expect(calls.map((c) => [c.source, c.target, c.format, c.api_key])).toEqual([
      ['en', 'fr', 'text', 'test-mt-key'],
      ['en', 'fr', 'html', 'test-mt-key'],
    ]);
  });

  it('never overwrites approved text: the suggestion is only returned', async () => {
    const { id } = await makeArticle(t, editor, section, { title: 'Exams postponed', bodyHtml: '<p>Exams move to June.</p>' });
    await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } });
    const draft = await t.gql(SAVE, { key: claire, variables: { id, locale: 'fr', v: 1, input: { title: 'Examens reportés', bodyHtml: '<p>Les examens passent en juin.</p>' } } });
    await t.gql(SUBMIT, { key: claire, variables: { id, locale: 'fr', v: draft.data!.saveTranslation.version } });
    const approved = (await t.gql(REVIEW, { key: editor, variables: { id, locale: 'fr', decision: 'APPROVE' } })).data!.reviewTranslation;

    const suggestion = await t.gql(MACHINE, { key: claire, variables: { id, locale: 'fr' } });
    expect(suggestion.data!.machineSuggestion.title).toBe('[fr] Exams postponed');
    const read = await t.gql(READ, { variables: { id, locale: 'fr' } });
    expect(read.data!.article.translation).toMatchObject({ title: 'Examens reportés', status: 'PUBLISHED', version: approved.version });
  });

  it('a failing server is a translated SERVICE_UNAVAILABLE that names neither the server nor its answer', async () => {
    const { id } = await makeArticle(t, editor, section, { title: 'Budget', bodyHtml: '<p>The budget.</p>' });
    mt.failNext.status = 500;
    const res = await t.gql(MACHINE, { key: claire, variables: { id, locale: 'fr' } });
    expect(res.errors![0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.errors![0].message).toMatch(/^Le service de traduction automatique n’a pas répondu correctement ; réessayez plus tard \(référence [0-9a-f-]{36}\)\.$/);
    expect(JSON.stringify(res.errors)).not.toMatch(/127\.0\.0\.1|10\.0\.0\.5|secret/);
  });

  it('is for translators of that locale and editors; the original language has nothing to translate', async () => {
    const { id } = await makeArticle(t, editor, section, { title: 'Budget', bodyHtml: '<p>The budget.</p>' });
    const ur = await keyNamed(t, 'TRANSLATOR', 'Bilal', { locales: ['ur'] });
    expect((await t.gql(MACHINE, { key: ur, variables: { id, locale: 'fr' } })).errors![0].extensions.code).toBe('FORBIDDEN');
    expect((await t.gql(MACHINE, { key: editor, variables: { id, locale: 'en' } })).errors![0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
