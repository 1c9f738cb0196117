/**
 * newsdesk's architecture rules (ARCHITECTURE.md explains them). `npm run check:deps` runs them;
 * `npm run arch:graph` draws docs/architecture.mmd from the same configuration.
 *
 * Layers, highest first; a folder imports its own layer (see the domain rule) and the layers below, never above.
 */
const ENTRIES = '^src/(main|worker|app\\.module|worker\\.module|bootstrap|http-defences|resolvers|schema)\\.ts$|^src/(cli|demo)/';
const { DOMAINS, KIT, GROUND } = require('./scripts/layers.cjs');

const folders = (names) => `^src/(${names.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'ground-imports-only-ground',
      comment: 'The ground floor (config, database, redis, queues, i18n, graphql, common) names no kit, domain or entry.',
      severity: 'error',
      from: { path: folders(GROUND) },
      to: { path: [folders(KIT), folders(DOMAINS), ENTRIES] },
    },
    {
      name: 'kit-imports-no-domain',
      comment: 'The feed-reading kit knows nothing of feeds, mentions or any other domain: they hand it an item handler.',
      severity: 'error',
      from: { path: folders(KIT) },
      to: { path: [folders(DOMAINS), ENTRIES] },
    },
    {
      name: 'domains-import-no-entry',
      comment: 'Entries (main, worker, cli, demo, the root modules) compose domains; domains never import them.',
      severity: 'error',
      from: { path: folders(DOMAINS) },
      to: { path: ENTRIES },
    },
    {
      name: 'other-domain-only-through-its-index',
      comment:
        "A domain uses another domain only through that domain's index.ts (its public surface): its module, " +
        'narrow services, events and the types they take and return.',
      severity: 'error',
      from: { path: `^src/(${DOMAINS.join('|')})/` },
      to: { path: folders(DOMAINS), pathNot: ['^src/$1/', `^src/(${DOMAINS.join('|')})/index\\.ts$`] },
    },
    {
      name: 'no-circular',
      comment: 'Files import each other in one direction.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves (a moved file left a stale path).',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'Production code imports no tests, benches or test-only packages.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench)/|\\.spec\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: {
      mermaid: { minify: false },
    },
  },
};
