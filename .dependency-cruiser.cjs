/**
 * The layers of src/ and the arrows allowed between them (docs/architecture.md draws them). `npm run lint`
 * runs this, so a wrong import fails CI.
 */
const ADAPTERS = '^src/(http|telegram|mcp|assistant|mail)/';
/** Where an adapter keeps its own tables: the one place in it that may import db/. */
const ADAPTER_STORES = '^src/(telegram/store/|assistant/conversation-store\\.ts$)';
/** Entry points that open the database and build the services. */
const COMPOSITION_ROOTS = '^src/(server|services|cli)\\.ts$|^src/mcp/stdio\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds types and pure rules; it imports nothing else of ours.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'contracts-are-shapes',
      comment:
        'contracts/ holds the shapes the API answers with; the web app imports it, so it stays zod only.',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { path: '^src/', pathNot: '^src/(contracts|domain)/' },
    },
    {
      name: 'db-only-domain',
      comment: 'db/ is storage: it may know the domain, never the services or adapters above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: '^src/(db|domain)/' },
    },
    {
      name: 'auth-is-credentials',
      comment:
        'auth/ holds credentials only (hashing, secrets, lockout policy); services use it, not the reverse.',
      severity: 'error',
      from: { path: '^src/auth/' },
      to: { path: '^src/', pathNot: '^src/(auth|domain)/' },
    },
    {
      name: 'crm-below-adapters',
      comment: 'crm/ is the service layer: it never reaches up into tools or an adapter.',
      severity: 'error',
      from: { path: '^src/crm/' },
      to: { path: '^src/(http|telegram|mcp|assistant|mail|tools|seed)/|^src/(cli|server|services)\\.ts$' },
    },
    {
      name: 'tools-through-crm',
      comment: 'Tools act only through the services, so every caller meets the same permission checks.',
      severity: 'error',
      from: { path: '^src/tools/' },
      to: { path: '^src/', pathNot: '^src/(tools|crm|domain)/' },
    },
    {
      name: 'adapters-store-only',
      comment:
        'An adapter reads and writes tables only through services, or its own store module for its own tables.',
      severity: 'error',
      from: { path: ADAPTERS, pathNot: `${ADAPTER_STORES}|${COMPOSITION_ROOTS}` },
      to: { path: '^src/db/' },
    },
    {
      name: 'store-is-adapter-private',
      comment:
        "An adapter's store module belongs to that adapter; the Telegram chat read joins the conversation.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(telegram|assistant)/|^src/(server|services|cli)\\.ts$' },
      to: { path: ADAPTER_STORES },
    },
    {
      name: 'no-circular',
      comment: 'Modules that import each other cannot be understood or changed one at a time.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
