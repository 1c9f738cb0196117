import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { RedisPubSub } from '../../src/redis/redis-pubsub';
import { changedChannel } from '../../src/translations/translation-events';
import { subscribedInRedis } from '../support/subscribed';
import { TestApp } from '../support/test-app';
import { keyNamed, makeArticle, makeSection, QUEUE, REVIEW, SAVE, SUBMIT, unique } from '../translations/support';
import { launch, seriousViolations, statusText } from './browser';
import { deskMessages, ensureDeskBuilt, fill } from './desk-build';

jest.setTimeout(180_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const UR = deskMessages('ur');
const EN = deskMessages('en');

describe('the desk page in headless Chromium', () => {
  let a: TestApp;
  let b: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const cspErrors: string[] = [];
  let urlA: string;
  let urlB: string;
  let editor: string;
  let amina: string;
  let bilal: string;
  let section: string;

  const listen = async (t: TestApp) => {
    await t.app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/desk/`;
  };

  /** A page signed in with `key`, in a browser whose language is `locale`. */
  async function deskPage(url: string, key: string, locale: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ locale, viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(url);
    await page.locator('#key').fill(key);
    await page.keyboard.press('Enter'); // the form submits from the keyboard
    await page.locator('#sign-out').waitFor();
    return page;
  }

  beforeAll(async () => {
    ensureDeskBuilt();
    mkdirSync(ARTIFACTS, { recursive: true });
    a = await TestApp.start();
    b = await TestApp.start();
    urlA = await listen(a);
    urlB = await listen(b);
    const admin = await a.key('ADMIN');
    editor = await keyNamed(a, 'EDITOR', 'Eva Editor');
    amina = await keyNamed(a, 'TRANSLATOR', 'Amina', { locales: ['ur'] });
    bilal = await keyNamed(a, 'TRANSLATOR', 'Bilal', { locales: ['ur'] });
    section = (await makeSection(a, admin)).slug;
    browser = await launch();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await a?.close();
    await b?.close();
  });

  it('a translator claims, saves, meets a conflict, resolves it and submits in Urdu; an editor approves; a second page follows live', async () => {
    const title = `Students return to Lahore ${unique()}`;
    const { id } = await makeArticle(a, editor, section, {
      title,
      bodyHtml: '<p>The union met on <a href="https://example.org/union">Monday</a> with <em>new</em> plans.</p><p>Classes resume soon.</p>',
    });
    // A STALE task too: published in Urdu, then the original changed.
    const stale = await makeArticle(a, editor, section, { title: `Budget vote ${unique()}`, bodyHtml: '<p>The council voted on the budget.</p>' });
    const first = (await a.gql(SAVE, { key: bilal, variables: { id: stale.id, locale: 'ur', input: { title: 'بجٹ پر ووٹ' } } })).data!.saveTranslation;
    await a.gql(SUBMIT, { key: bilal, variables: { id: stale.id, locale: 'ur', v: first.version } });
    await a.gql(REVIEW, { key: editor, variables: { id: stale.id, locale: 'ur', decision: 'APPROVE' } });
    const edit = await a.gql(SAVE, { key: editor, variables: { id: stale.id, locale: 'en', v: 1, input: { title: 'Budget vote', bodyHtml: '<p>The council rejected the budget.</p>' } } });
    expect(edit.errors).toBeUndefined();

    // Glossary terms of en→ur: the editor shows those its source uses.
    const TERM = `mutation($input: GlossaryTermInput!) { upsertGlossaryTerm(input: $input) { id } }`;
    for (const [source, target] of [['union', 'یونین'], ['budget', 'بجٹ']]) {
      const res = await a.gql(TERM, { key: editor, variables: { input: { sourceLocale: 'en', targetLocale: 'ur', source, target, note: source === 'union' ? 'the students union' : null } } });
      expect(res.errors).toBeUndefined();
    }

    // Amina's browser speaks Urdu: the page does too, right to left.
    const page = await deskPage(urlA, amina, 'ur-PK', { width: 1280, height: 800 });
    expect(await page.evaluate(() => [(globalThis as any).document.documentElement.lang, (globalThis as any).document.documentElement.dir])).toEqual(['ur', 'rtl']);
    await expect(page.locator('h1').textContent()).resolves.toBe(UR.title);
    const task = page.locator(`li[data-article="${id}"]`);
    await task.waitFor();
    await expect(page.locator('.coverage li').count()).resolves.toBe(6);

    // Bilal watches the same queue on the other API process, in English, on a phone.
    const watcher = await deskPage(urlB, bilal, 'en-US', { width: 375, height: 667 });
    await subscribedInRedis(b.app.get(RedisPubSub), changedChannel('ur'), 0); // its live updates are on
    expect(await watcher.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe('ltr');
    await watcher.locator(`li[data-article="${id}"]`).waitFor();
    await watcher.screenshot({ path: join(ARTIFACTS, 'desk-queue-375.png'), fullPage: true });
    expect(await seriousViolations(watcher)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'desk-queue-ur-1280.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // The STALE task shows what changed in the source.
    await page.locator(`li[data-article="${stale.id}"] button`).click();
    await expect(page.locator('.changes ins').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('rejected')]));
    await expect(page.locator('.changes del').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('voted')]));
    await page.locator('button.back').click();

    // Claim: the task leaves Bilal's list at once.
    await task.locator('button').click();
    await expect(page.locator('#tr-body').getAttribute('dir')).resolves.toBe('rtl');
    await page.locator('.glossary').waitFor();
    await expect(page.locator('.glossary dt').allTextContents()).resolves.toEqual(['union']);
    await expect(page.locator('.glossary dd').allTextContents()).resolves.toEqual(['یونین (the students union)']);
    await page.locator('#claim').click();
    await statusText(page, fill(UR.saved, { version: 1 }));
    await watcher.locator(`li[data-article="${id}"]`).waitFor({ state: 'detached' });

    // Type the translation; the draft saves itself with its version.
    await page.locator('#tr-title').fill('لاہور میں طلبہ کی واپسی');
    await page.locator('#tr-body p').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' کلاسیں جلد شروع ہوں گی');
    await statusText(page, fill(UR.saved, { version: 2 }));

    // Meanwhile Amina's other device saves version 3; the page's next save meets the conflict.
    const other = await a.gql(SAVE, { key: amina, variables: { id, locale: 'ur', v: 2, input: { title: 'دوسرے آلے سے', bodyHtml: '<p>دوسرے آلے کا متن</p>' } } });
    expect(other.data!.saveTranslation.version).toBe(3);
    await page.keyboard.type('۔');
    const conflict = page.locator('#conflict');
    await conflict.waitFor();
    await expect(conflict.locator('h3').textContent()).resolves.toBe(fill(UR.conflictTitle, { version: 3 }));
    await expect(page.locator('#saved-text').textContent()).resolves.toContain('دوسرے آلے کا متن');
    await expect(conflict.textContent()).resolves.toContain('کلاسیں جلد شروع ہوں گی۔');
    await expect(page.locator('#tr-body').textContent()).resolves.toContain('کلاسیں جلد شروع ہوں گی۔'); // nothing lost
    await page.screenshot({ path: join(ARTIFACTS, 'desk-editor-ur-conflict.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Keep mine: saved over version 3, from the keyboard.
    await expect(page.evaluate(() => (globalThis as any).document.activeElement?.id)).resolves.toBe('keep-mine');
    await page.keyboard.press('Enter');
    await statusText(page, fill(UR.saved, { version: 4 }));
    await page.screenshot({ path: join(ARTIFACTS, 'desk-editor-ur.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 667 });
    await page.screenshot({ path: join(ARTIFACTS, 'desk-editor-ur-375.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });

    const queued = (await a.gql(QUEUE, { key: amina, variables: { locale: 'ur', section } })).data!.translationQueue.edges.find((e: any) => e.node.article.id === id).node;
    expect(queued.translation).toMatchObject({ title: 'لاہور میں طلبہ کی واپسی', version: 4, status: 'IN_PROGRESS' });

    // Submit lists the checks' warnings first (the source's English paragraph is still there), then sends on the second press.
    await page.locator('#submit').click();
    await statusText(page, UR.checksFirst);
    await expect(page.locator('.checks li').count()).resolves.toBeGreaterThan(0);
    await expect(page.evaluate(() => (globalThis as any).document.activeElement?.id)).resolves.toBe('checks-title');
    await page.locator('#submit').click();
    await statusText(page, UR.submitted);
    await task.waitFor({ state: 'detached' });

    // Eva reviews on a desk of her own and approves; the text keeps the source's link and emphasis.
    const review = await deskPage(urlA, editor, 'en-GB', { width: 1280, height: 800 });
    await review.locator('#work-locale').selectOption('ur');
    await review.locator('#tab-review').click();
    await review.locator(`#review-list li[data-article="${id}"] button`).click();
    await expect(review.locator('#rv-target').textContent()).resolves.toBe(fill(EN.translation, { language: 'Urdu' }));
    await expect(review.locator('.pane').nth(1).locator('a[href="https://example.org/union"]').count()).resolves.toBe(1);
    await expect(review.locator('.pane').nth(1).locator('em').count()).resolves.toBe(1);
    expect(await seriousViolations(review)).toEqual([]);
    await review.locator('#review-comment').fill('Thank you');
    await review.locator('#approve').click();
    await statusText(review, EN.approved);

    const published = await a.gql(`query($id: ID!) { article(id: $id) { translation(locale: "ur", fallback: false) { title status direction bodyHtml } } }`, { variables: { id } });
    expect(published.data!.article.translation).toMatchObject({ title: 'لاہور میں طلبہ کی واپسی', status: 'PUBLISHED', direction: 'RTL' });
    expect(published.data!.article.translation.bodyHtml).toContain('کلاسیں جلد شروع ہوں گی۔');
    expect(published.data!.article.translation.bodyHtml).toMatch(/<a href="https:\/\/example.org\/union"/);
    expect(cspErrors).toEqual([]);
  });

  it('"Use the saved text" takes the other version into the editor and saves on top of it', async () => {
    const { id } = await makeArticle(a, editor, section, { title: `Flood warning ${unique()}`, bodyHtml: '<p>Rain is expected.</p>' });
    const page = await deskPage(urlA, bilal, 'en-US', { width: 1280, height: 800 });
    await page.locator(`li[data-article="${id}"] button`).click();
    await page.locator('#claim').click();
    await statusText(page, fill(EN.saved, { version: 1 }));
    // This server has no machine translation (MT_URL unset, the default): the button says so and stays off.
    await page.locator('#machine-ask').click();
    await page.locator('#machine-note', { hasText: EN.machineOff }).waitFor();
    await expect(page.locator('#machine-ask').isDisabled()).resolves.toBe(true);
    const other = await a.gql(SAVE, { key: bilal, variables: { id, locale: 'ur', v: 1, input: { title: 'سیلاب کی وارننگ', bodyHtml: '<p>بارش متوقع ہے۔</p>' } } });
    expect(other.data!.saveTranslation.version).toBe(2);
    await page.locator('#tr-title').fill('My own title');
    await page.locator('#use-saved').click();
    await expect(page.locator('#tr-title').inputValue()).resolves.toBe('سیلاب کی وارننگ');
    await expect(page.locator('#tr-body').textContent()).resolves.toBe('بارش متوقع ہے۔');
    await expect(page.locator('#conflict').isHidden()).resolves.toBe(true);
    await page.locator('#tr-body p').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' آج');
    await statusText(page, fill(EN.saved, { version: 3 }));
    const queued = (await a.gql(QUEUE, { key: bilal, variables: { locale: 'ur', section } })).data!.translationQueue.edges.find((e: any) => e.node.article.id === id).node;
    expect(queued.translation).toMatchObject({ title: 'سیلاب کی وارننگ', version: 3 });
  });

  it('switches the interface language, keeps the choice, and refuses an unknown key', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 667 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(urlA);
    await expect(page.locator('h1').textContent()).resolves.toBe(deskMessages('fr').title);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#ui-language').selectOption('sv');
    await expect(page.locator('h1').textContent()).resolves.toBe(deskMessages('sv').title);
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe(deskMessages('sv').title);
    await page.locator('#key').fill('nd_not-a-key');
    await page.locator('#sign-in').click();
    await expect(page.locator('[role="alert"]').textContent()).resolves.toBe(deskMessages('sv').badKey);
  });
});
