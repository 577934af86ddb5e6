// ESLint flat config: typescript-eslint's recommended rules over the sources,
// tests and benchmarks, and plain recommended rules over the browser pages'
// scripts. `npm run lint` must report zero warnings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const shared = {
  console: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
  setInterval: 'readonly', clearInterval: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly',
  AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
  performance: 'readonly', fetch: 'readonly',
};
const node = { ...shared, process: 'readonly', Buffer: 'readonly', setImmediate: 'readonly' };
const browser = {
  ...shared, document: 'readonly', window: 'readonly', location: 'readonly', localStorage: 'readonly',
  navigator: 'readonly', addEventListener: 'readonly', io: 'readonly', echarts: 'readonly',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.peers/**', 'test-artifacts/**', 'streamdash-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: node } },
  { files: ['src/dashboard/web/**/*.js'], languageOptions: { globals: browser } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
