// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// What an import path cannot show, kept here: the domain never reads the clock or Math.random, and configuration
// is read through @itsm/config only. Which module may import which is checked on resolved paths by
// dependency-cruiser (.dependency-cruiser.cjs). Both are proven by test/architecture.int-spec.ts.
// Flat config merges by order: a later block's rule replaces an earlier one's, so general blocks come first.

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
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
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
    // Specs and test support may use anything; they are not shipped.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/config/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
