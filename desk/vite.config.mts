import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The translators' page: static files in dist/public/desk, served by the API at /desk with a strict CSP
// (no inline script, nothing from another origin), so nothing here may inline a script or load a CDN.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/desk/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../dist/public/desk', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
