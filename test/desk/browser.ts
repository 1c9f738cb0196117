import { readFileSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

// Shared by the desk's browser tests.
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium, headless, in a fresh profile, with every name but loopback resolving nowhere. */
export const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
    ],
  });

/** Serious or critical accessibility problems axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE); // evaluated by the test, not injected into the page: the page's CSP stays on
  const result = await page.evaluate(async () => {
    const g = globalThis as any;
    return (await g.axe.run(g.document)) as { violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] };
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

export const statusText = (page: Page, text: string) =>
  page.waitForFunction((wanted) => (globalThis as any).document.getElementById('status')?.textContent === wanted, text, { timeout: 30_000 });
