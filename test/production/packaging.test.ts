import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** What an operator checks before installing: the licence, the install scripts npm runs, known advisories, a short README. */
describe('the package as installed', () => {
  const pkg = JSON.parse(read('package.json')) as { license: string; allowScripts: Record<string, boolean> };

  it('ships a LICENSE file matching package.json', () => {
    expect(pkg.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
  });

  it("records every install-script decision: Node 24 allowed, @apollo/protobufjs's obsolete postinstall denied", () => {
    expect(pkg.allowScripts).toMatchObject({ node: true, '@apollo/protobufjs': false });
  });

  it('locks sanitize-html past its known advisories (2.17.6 or later)', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version: string }> };
    const [major, minor, patch] = lock.packages['node_modules/sanitize-html'].version.split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(2 * 1e6 + 17 * 1e3 + 6);
  });

  it('keeps the README a short guide (at most about 200 lines), with production and scale-out sections', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(210);
    expect(readme).toMatch(/^## Production$/m);
    expect(readme).toContain('docs/scale-out.md');
  });
});
