import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DESK_DIR } from '../../src/http-defences';

const ROOT = join(__dirname, '..', '..');

/** The newest modification time among the page's sources (desk/ and its messages). */
function newestSource(): number {
  const walk = (dir: string): number[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [statSync(join(dir, e.name)).mtimeMs]));
  const messages = readdirSync(join(ROOT, 'locales'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(ROOT, 'locales', e.name, 'desk.json')))
    .map((e) => statSync(join(ROOT, 'locales', e.name, 'desk.json')).mtimeMs);
  return Math.max(...walk(join(ROOT, 'desk')), ...messages);
}

/** The page as `npm run build` makes it; built again here when it is missing or older than its sources. */
export function ensureDeskBuilt(): string {
  const index = join(DESK_DIR, 'index.html');
  if (!existsSync(index) || statSync(index).mtimeMs < newestSource()) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'desk/vite.config.mts', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  return readFileSync(index, 'utf8');
}

/** The page's messages in one language (locales/<code>/desk.json), to check what a reader sees. */
export const deskMessages = (code: string): Record<string, string> =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', code, 'desk.json'), 'utf8')) as Record<string, string>;

export const fill = (message: string, values: Record<string, string | number>): string =>
  message.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
