/**
 * One jest run, three levels told apart by suffix: `*.spec.ts` (unit), `*.int-spec.ts`
 * (integration: real SQLite files, in-process apps), `*.e2e-spec.ts` (the three built apps as processes).
 */
// Worker threads started by the code under test (the log's writer thread, ADR 25) load its TypeScript sources with this.
process.env.ITSM_TYPESCRIPT_WORKER_LOADER = require.resolve('./test/support/typescript-worker-loader.js');

const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@itsm/(event-store|read-store)/port$': '<rootDir>/libs/$1/src/port',
  '^@itsm/event-store/sqlite-writing$': '<rootDir>/libs/event-store/src/sqlite-writing',
  '^@itsm/(domain|event-store|read-store|projections|config|platform|write-path|migration|compliance|personal-data)$': '<rootDir>/libs/$1/src',
};

const project = (displayName, testMatch) => ({
  displayName,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testMatch,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
});

module.exports = {
  projects: [
    project('unit', ['<rootDir>/**/*.spec.ts']),
    project('integration', ['<rootDir>/**/*.int-spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts']),
  ],
};
