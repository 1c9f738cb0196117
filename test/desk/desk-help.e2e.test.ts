import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { CLAIM, keyNamed, makeArticle, makeSection, REVIEW, SAVE, SUBMIT, unique } from '../translations/support';
import { launch, seriousViolations, statusText } from './browser';
import { deskMessages, ensureDeskBuilt, fill } from './desk-build';

jest.setTimeout(180_000);

const EN = deskMessages('en');
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/** A LibreTranslate stand-in on 127.0.0.1 that "translates" by tagging each text with the target language. */
function standIn(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { q: string[]; target: string; format: string };
      const translate = (text: string) => (body.format === 'html' ? text.replace(/>([^<]+)</g, (_m, words: string) => `>[${body.target}] ${words}<`) : `[${body.target}] ${text}`);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ translatedText: body.q.map(translate) }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

describe('help while translating on the desk page: memory, checks, machine suggestion', () => {
  let t: TestApp;
  let mt: Awaited<ReturnType<typeof standIn>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let editor: string;
  let claire: string;
  let section: string;

  /** Claire's desk, in English, open on the French task of article `id`. */
  async function openTask(id: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', viewport });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/desk/`);
    await page.locator('#key').fill(claire);
    await page.keyboard.press('Enter');
    await page.locator('#work-locale').selectOption('fr');
    await page.locator(`li[data-article="${id}"] button`).click();
    return page;
  }
  const saved = process.env.MT_URL;

  beforeAll(async () => {
    ensureDeskBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    mt = await standIn();
    process.env.MT_URL = mt.url;
    t = await TestApp.start();
    await t.app.listen(0, '127.0.0.1');
    browser = await launch();
    const admin = await t.key('ADMIN');
    editor = await keyNamed(t, 'EDITOR', 'Eva Editor');
    claire = await keyNamed(t, 'TRANSLATOR', 'Claire', { locales: ['fr'] });
    section = (await makeSection(t, admin)).slug;
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await t?.close();
    await new Promise((resolve) => mt?.server.close(resolve));
    if (saved === undefined) delete process.env.MT_URL;
    else process.env.MT_URL = saved;
  });

  it('offers an earlier approved translation with its similarity, lists warnings before submit, and inserts a marked machine suggestion on click', async () => {
    // An earlier article, translated and approved: its segments enter the translation memory.
    const earlier = await makeArticle(t, editor, section, { title: `Council news ${unique()}`, bodyHtml: '<p>The council met on Monday.</p>' });
    await t.gql(CLAIM, { key: claire, variables: { id: earlier.id, locale: 'fr' } });
    const draft = await t.gql(SAVE, { key: claire, variables: { id: earlier.id, locale: 'fr', v: 1, input: { title: 'Nouvelles du conseil', bodyHtml: '<p>Le conseil s’est réuni lundi.</p>' } } });
    await t.gql(SUBMIT, { key: claire, variables: { id: earlier.id, locale: 'fr', v: draft.data!.saveTranslation.version } });
    expect((await t.gql(REVIEW, { key: editor, variables: { id: earlier.id, locale: 'fr', decision: 'APPROVE' } })).errors).toBeUndefined();

    const title = `Council spending ${unique()}`;
    const { id } = await makeArticle(t, editor, section, { title, bodyHtml: '<p>The council met on Monday.</p><p>It spent 1200 euros.</p>' });

    const page = await openTask(id);
    await page.locator('#claim').click();
    await statusText(page, fill(EN.saved, { version: 1 }));

    // The memory lists the approved segment, 100 % similar to the source's first paragraph.
    const match = page.locator('.memory li', { hasText: 'Le conseil s’est réuni lundi.' });
    await match.waitFor();
    await expect(match.locator('.tm-similarity').textContent()).resolves.toBe(fill(EN.similarity, { percent: 100 }));
    await expect(match.locator('.tm-source').textContent()).resolves.toBe('The council met on Monday.');

    // Machine suggestion: shown marked as the machine's; nothing changes until the click.
    await page.locator('#machine-ask').click();
    const suggestion = page.locator('.suggestion');
    await suggestion.waitFor();
    await expect(suggestion.locator('.machine-mark').textContent()).resolves.toBe(fill(EN.machineMark, { provider: 'libretranslate' }));
    await expect(suggestion.locator('h3').textContent()).resolves.toBe(`[fr] ${title}`);
    await expect(page.locator('#tr-title').inputValue()).resolves.toBe(title);
    await page.locator('#machine-use').click();
    await expect(page.locator('#tr-title').inputValue()).resolves.toBe(`[fr] ${title}`);
    await expect(page.locator('#tr-body').textContent()).resolves.toBe('[fr] The council met on Monday.[fr] It spent 1200 euros.');

    // Rewrite the text without the number, then insert the memory's match at the caret.
    await page.locator('#tr-title').fill('Dépenses du conseil');
    await page.locator('#tr-body p').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Il a dépensé des euros. ');
    await match.locator('button').click();
    await expect(page.locator('#tr-body').textContent()).resolves.toMatch(/^Il a dépensé des euros\.\s+Le conseil s’est réuni lundi\.$/);

    // Submit lists the warnings first: the source's 1200 is missing. The second press sends it anyway.
    await page.locator('#submit').click();
    await statusText(page, EN.checksFirst);
    await expect(page.locator('.checks li[data-code="MISSING_NUMBER"]', { hasText: '1200' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'desk-help-1280.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 375, height: 667 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#submit').click();
    await statusText(page, EN.submitted);

    // Approved, it is what readers get: the translator's words and the memory's segment.
    expect((await t.gql(REVIEW, { key: editor, variables: { id, locale: 'fr', decision: 'APPROVE' } })).errors).toBeUndefined();
    const read = await t.gql(`query($id: ID!) { article(id: $id) { translation(locale: "fr", fallback: false) { title bodyHtml status } } }`, { variables: { id } });
    expect(read.data!.article.translation).toMatchObject({ title: 'Dépenses du conseil', status: 'PUBLISHED' });
    expect(read.data!.article.translation.bodyHtml).toContain('Le conseil s’est réuni lundi.');
  });

  it('over an approved translation a machine suggestion is only inserted at the caret, never replacing it', async () => {
    const title = `Budget vote ${unique()}`;
    const { id } = await makeArticle(t, editor, section, { title, bodyHtml: '<p>The council voted.</p>' });
    await t.gql(CLAIM, { key: claire, variables: { id, locale: 'fr' } });
    const draft = await t.gql(SAVE, { key: claire, variables: { id, locale: 'fr', v: 1, input: { title: 'Vote du budget', bodyHtml: '<p>Le conseil a voté.</p>' } } });
    await t.gql(SUBMIT, { key: claire, variables: { id, locale: 'fr', v: draft.data!.saveTranslation.version } });
    expect((await t.gql(REVIEW, { key: editor, variables: { id, locale: 'fr', decision: 'APPROVE' } })).errors).toBeUndefined();
    // The original changes: the approved French is now a STALE task.
    expect((await t.gql(SAVE, { key: editor, variables: { id, locale: 'en', v: 1, input: { title, bodyHtml: '<p>The council voted again.</p>' } } })).errors).toBeUndefined();

    const page = await openTask(id, { width: 375, height: 667 });
    await expect(page.locator('#tr-body').textContent()).resolves.toBe('Le conseil a voté.');
    await page.locator('#machine-ask').click();
    await page.locator('.suggestion').waitFor();
    await expect(page.locator('#machine-use').textContent()).resolves.toBe(EN.machineInsert);
    await expect(page.locator('#machine-approved').textContent()).resolves.toBe(EN.machineApproved);
    await page.locator('#tr-body p').click();
    await page.keyboard.press('Control+End');
    await page.locator('#machine-use').click();
    await expect(page.locator('#tr-title').inputValue()).resolves.toBe('Vote du budget');
    const body = await page.locator('#tr-body').textContent();
    expect(body).toContain('Le conseil a voté.'); // the approved text stays, the machine's is added after it
    expect(body!.indexOf('[fr] The council voted again.')).toBeGreaterThan(body!.indexOf('Le conseil a voté.'));
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('button.back').click(); // saves what was inserted before leaving
    await page.locator(`li[data-article="${id}"]`).waitFor();
  });
});
