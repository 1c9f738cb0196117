import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESK_DIR } from '../../src/http-defences';

/** The page as `npm run build` makes it; built here when a developer runs the test before any build. */
export function ensureDeskBuilt(): string {
  const index = join(DESK_DIR, 'index.html');
  if (!existsSync(index)) {
    execFileSync(process.execPath, [require.resolve('vite/bin/vite.js'), 'build', '--config', 'desk/vite.config.mts', '--logLevel', 'warn'], {
      cwd: join(__dirname, '..', '..'),
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
