// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The architecture's dependency rule (shared ARCHITECTURE.md), enforced here and proven by test/architecture.int-spec.ts.
// Flat config merges by order: a later block's rule replaces an earlier one's, so general blocks come first.

const infrastructure = ['@nestjs/*', 'mongodb', '@eventstore/*', 'better-sqlite3', 'fs', 'node:*', 'fastify', 'class-validator'];
const adapters = ['**/sqlite/**', '**/memory/**', '**/esdb/**', '**/mongodb/**'];
const testOnly = { group: ['**/test/support/**', '**/testing/**'], message: 'Test doubles and contract suites are for tests only.' };
const noProcessEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: 'Read configuration through @itsm/config, once at boot.',
};
const clockMessage = 'The domain never reads the clock: time arrives in the command.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noProcessEnv],
      'no-restricted-imports': ['error', { patterns: [testOnly] }],
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: infrastructure, message: 'libs/domain is pure: no frameworks, drivers or I/O.' },
            { group: ['@itsm/*'], message: 'libs/domain depends on nothing else of ours.' },
            testOnly,
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        noProcessEnv,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: clockMessage },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: clockMessage },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: 'The domain is deterministic.' },
      ],
    },
  },
  {
    files: ['libs/projections/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: [...infrastructure, ...adapters, '@itsm/config', '@itsm/platform'], message: 'Projections see domain event types and the store ports, never an adapter.' },
            testOnly,
          ],
        },
      ],
    },
  },
  {
    files: ['libs/write-path/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'mongodb', '@eventstore/*', 'better-sqlite3', 'fastify', ...adapters, '@itsm/config', '@itsm/platform', '@itsm/projections', '@itsm/read-store'],
              message: 'The write path sees the domain and the event store port, never an adapter, a framework or a read model.',
            },
            testOnly,
          ],
        },
      ],
    },
  },
  {
    // Specs and test support may use anything; they are not shipped.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/config/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
