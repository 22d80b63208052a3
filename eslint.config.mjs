// Lint with type information (typescript-eslint's type-checked rules) over the host, the core, the
// webview and the unit tests; `no-restricted-imports` keeps each side to what it may use.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Promises the host fires and forgets are marked with `void`; an unmarked one is a mistake.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The webview renders: it may use the shared protocol and the pure core, never host modules (vscode).
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!protocol$|core/)',
              message: 'The webview may import src/protocol and src/core only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core is pure: no vscode, no Node built-ins (its own tsconfig, without their types, checks the rest).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['vscode'], patterns: [{ regex: '^node:', message: 'src/core has no Node built-ins.' }] },
      ],
    },
  },
);
