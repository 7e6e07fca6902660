// Import boundaries keep the data flowing one way: grammar -> compiler -> runtime.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noIo = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'node:net', 'node:http'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'editors/**/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['grammar/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: noIo,
        patterns: [
          { group: ['**/compiler/**', '**/runtime/**', '**/stdlib/**', '**/cli/**'], message: 'The grammar stands alone: it imports nothing downstream.' },
        ],
      }],
    },
  },
  {
    files: ['compiler/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: noIo,
        patterns: [
          { group: ['**/runtime/**', '**/cli/**'], message: 'The compiler never imports the runtime or the CLI.' },
          { group: ['**/stdlib/*', '!**/stdlib/registry', '**/stdlib/*/**', '!**/stdlib/registry/**'], message: 'The compiler reads only the standard library registry (data), never its implementations.' },
        ],
      }],
    },
  },
  {
    files: ['lsp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: noIo,
        patterns: [
          { group: ['**/runtime/**', '**/cli/**'], message: 'The language server is built on the compiler: it never imports the runtime or the CLI.' },
          { group: ['**/stdlib/*', '!**/stdlib/registry', '**/stdlib/*/**', '!**/stdlib/registry/**'], message: 'The language server reads only the standard library registry (data), never its implementations.' },
          { group: ['**/editor/**', '!**/editor/reference-links.ts'], message: 'Of the editor packaging, the language server uses only the reference links.' },
        ],
      }],
    },
  },
  {
    files: ['stdlib/registry/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: noIo,
        patterns: [{ group: ['**/compiler/**', '**/runtime/**', '**/cli/**'], message: 'The registry is data: it imports only the grammar and zod.' }],
      }],
    },
  },
  {
    files: ['runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/cli/**'], message: 'The runtime never imports the CLI.' }],
      }],
    },
  },
);
