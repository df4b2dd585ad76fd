// @ts-check
/**
 * The dependency rule of the shared ARCHITECTURE.md, checked on resolved module paths: an import is judged by
 * the file it lands on, whether it was written as `@itsm/...` or as a relative path. Each rule is made to fail
 * on a violating file by test/architecture.int-spec.ts. ESLint keeps what a path cannot show (the clock and
 * Math.random in the domain, process.env outside @itsm/config).
 *
 * Paths are relative to the directory depcruise runs in (the repository root; the spec runs it in a copy of
 * the layout), so every pattern is anchored at a top-level folder.
 */

/** Specs, test helpers and end-to-end tests: not shipped, so they may reach anything. */
const TESTS = ['\\.(spec|int-spec|e2e-spec)\\.ts$', '/testing/', '^test/'];
const ADAPTER = '^libs/(event-store|read-store)/src/(sqlite|memory|esdb|mongodb)/';
/**
 * A store's full barrel (`@itsm/event-store`, `@itsm/read-store`): the port and its adapters, the wiring's
 * entry. Everything else of ours that needs a store sees its port alone (`@itsm/event-store/port`, ...).
 * `@itsm/event-store/sqlite-writing` is the narrow one for another SQLite file written as the log is (ADR 25).
 */
const STORE_BARREL = '^libs/(event-store|read-store)/src/(index|sqlite-writing)\\.ts$';
/** The ports: every file of the two store libs that is neither an adapter nor a test helper. */
const EVENT_STORE_PORT = '^libs/event-store/src/(?!(sqlite|memory|esdb|mongodb|testing)/)';
const READ_STORE_PORT = '^libs/read-store/src/(?!(sqlite|memory|esdb|mongodb|testing)/)';
const OURS = '^(libs|apps|test|scripts|bench)/';
const WIRING = '^libs/platform/src/stores/';

/** A rule on the files of `from` that are shipped. */
const shipped = (path) => ({ path, pathNot: TESTS });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain depends on nothing but itself: nothing else of ours, no framework, driver or node module (time, ids and I/O arrive in the command).',
      severity: 'error',
      from: shipped('^libs/domain/src/'),
      to: { pathNot: '^libs/domain/src/' },
    },
    {
      name: 'projections-see-domain-and-ports',
      comment: 'A projection sees the domain, the store ports and its own lib; never an adapter, a driver, a framework or another lib.',
      severity: 'error',
      from: shipped('^libs/projections/src/'),
      to: { pathNot: ['^libs/(projections|domain)/src/', EVENT_STORE_PORT, READ_STORE_PORT] },
    },
    {
      name: 'write-path-sees-domain-and-event-store-port',
      comment: 'The write path sees the domain and the event store port (and node:crypto for request hashes); no read model, adapter or framework.',
      severity: 'error',
      from: shipped('^libs/write-path/src/'),
      to: { pathNot: ['^libs/(write-path|domain)/src/', EVENT_STORE_PORT, '^(node:)?crypto$'] },
    },
    {
      name: 'compliance-sees-domain-projections-and-event-store-port',
      comment: 'Evidence packs read the log through the event store port, lay out with the projections\' helpers, sign with node:crypto and zip with fflate; no adapter, framework or write path.',
      severity: 'error',
      from: shipped('^libs/compliance/src/'),
      to: { pathNot: ['^libs/(compliance|domain|projections)/src/', EVENT_STORE_PORT, '^(node:)?crypto$', '(^|/)node_modules/fflate/'] },
    },
    {
      name: 'personal-data-sees-domain-config-and-event-store',
      comment:
        "The vault and the sealing see the domain's map of personal fields, configuration and the event store (its port, and its barrel for SQLite's open under contention and its writer thread, ADR 25), with node:crypto, node:worker_threads and their drivers; no read model, write path, projection or framework.",
      severity: 'error',
      from: shipped('^libs/personal-data/src/'),
      to: { pathNot: ['^libs/(personal-data|domain|config)/src/', EVENT_STORE_PORT, '^libs/event-store/src/(index|sqlite-writing)\\.ts$', '^(node:)?(crypto|fs|path|worker_threads)$', '(^|/)node_modules/(better-sqlite3|mongodb)/'] },
    },
    {
      name: 'migration-sees-domain-write-path-and-event-store-port',
      comment: "An importer of another tool's history reads a file and appends facts: the domain, the write path's record numbers, the event store port and node's file and crypto modules; no read model, adapter or framework.",
      severity: 'error',
      from: shipped('^libs/migration/src/'),
      to: { pathNot: ['^libs/(migration|domain|write-path)/src/', EVENT_STORE_PORT, '^(node:)?(crypto|fs|stream|readline|string_decoder)$'] },
    },
    {
      name: 'event-store-stands-alone',
      comment: 'The event store depends on nothing else of ours except, for types, the read store port.',
      severity: 'error',
      from: shipped('^libs/event-store/src/'),
      to: { path: OURS, pathNot: ['^libs/event-store/src/', READ_STORE_PORT] },
    },
    {
      name: 'read-store-stands-alone',
      comment: 'The read store depends on nothing else of ours except, for types, the event store port (a checkpoint is a Position).',
      severity: 'error',
      from: shipped('^libs/read-store/src/'),
      to: { path: OURS, pathNot: ['^libs/read-store/src/', EVENT_STORE_PORT] },
    },
    {
      name: 'stores-share-only-types',
      comment: 'Between the two store libs only types cross: a value import would load the other lib (and, through its barrel, its adapters).',
      severity: 'error',
      from: shipped('^libs/(event-store|read-store)/src/'),
      to: { path: '^libs/(event-store|read-store)/src/', pathNot: '^libs/$1/src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'config-stands-alone',
      comment: 'Configuration is read once at boot through one schema; it depends on nothing else of ours.',
      severity: 'error',
      from: shipped('^libs/config/src/'),
      to: { path: OURS, pathNot: '^libs/config/src/' },
    },
    {
      name: 'platform-sees-ports-and-config',
      comment: 'The platform wires the store ports and configuration for the apps.',
      severity: 'error',
      from: shipped('^libs/platform/src/'),
      to: {
        path: '^libs/',
        // Adapters, and the two narrow uses below, are judged by their own rules.
        pathNot: ['^libs/(platform|config|personal-data)/src/', EVENT_STORE_PORT, READ_STORE_PORT, ADAPTER, '^libs/(domain|write-path|projections)/src/'],
      },
    },
    {
      name: 'platform-maps-errors-only-in-http',
      comment:
        'Only the HTTP layer of the platform sees the domain and the write path: it maps their errors to problem+json. And the stores\' wiring, which gives the event store the domain\'s event schemas to read older events in the current shape (ADR 21).',
      severity: 'error',
      from: { path: '^libs/platform/src/', pathNot: ['^libs/platform/src/http/', '^libs/platform/src/stores/', ...TESTS] },
      to: { path: '^libs/(domain|write-path)/src/' },
    },
    {
      name: 'platform-sees-projections-only-in-health',
      comment: 'Only the health checks of the platform see the projections: they report projection lag.',
      severity: 'error',
      from: { path: '^libs/platform/src/', pathNot: ['^libs/platform/src/health/', ...TESTS] },
      to: { path: '^libs/projections/src/' },
    },
    {
      name: 'adapters-only-in-the-wiring',
      comment: 'An adapter is chosen by configuration in libs/platform/src/stores (through its store\'s full barrel); everything else sees the port.',
      severity: 'error',
      from: { pathNot: [WIRING, STORE_BARREL, ADAPTER, ...TESTS] },
      to: { path: ADAPTER },
    },
    {
      name: 'adapters-stand-apart',
      comment: 'One adapter never reaches into another.',
      severity: 'error',
      from: shipped(ADAPTER),
      to: { path: ADAPTER, pathNot: '^libs/$1/src/$2/' },
    },
    {
      name: 'no-adapters-through-a-barrel',
      comment:
        'A store\'s full barrel brings its adapters and their drivers (even a type-only import ties the code to them at compile time): inner libs import the port entry, `@itsm/event-store/port` or `@itsm/read-store/port`.',
      severity: 'error',
      from: shipped('^libs/(domain|projections|write-path|migration|compliance|config|event-store|read-store)/src/'),
      to: { path: STORE_BARREL },
    },
    {
      name: 'no-lib-imports-an-app',
      comment: 'Libraries are used by apps, never the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-stand-apart',
      comment: 'An app uses libraries, never another app.',
      severity: 'error',
      from: shipped('^apps/([^/]+)/'),
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Test doubles, contract suites and fixtures are for tests only.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { path: ['^test/', '/testing/', '\\.(spec|int-spec|e2e-spec)\\.ts$'] },
    },
    {
      name: 'libs-are-entered-by-their-alias',
      comment: 'Shipped code reaches another lib or app through its @itsm alias, never by a relative path into its files.',
      severity: 'error',
      from: shipped('^(libs|apps)/([^/]+)/'),
      to: { path: '^(libs|apps)/', pathNot: '^$1/$2/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-circular',
      comment: 'Modules of ours form no cycle.',
      severity: 'error',
      from: { path: OURS },
      to: { circular: true },
    },
    {
      name: 'resolvable',
      comment: 'Every import resolves: an unresolved one would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: 'specify',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|data)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
