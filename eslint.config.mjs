import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const scopes = ['shared', 'population', 'identity', 'consent', 'policy', 'gateway', 'metering', 'audit', 'monitoring'];

// Which domains each domain may use. Cross-domain use goes through published libs; a lib may
// never reach into another domain's data-access (its tables), enforced below with data:* tags.
const allowedScopes = {
  shared: ['shared'],
  population: ['population', 'shared'],
  identity: ['identity', 'population', 'shared'],
  consent: ['consent', 'identity', 'population', 'shared'],
  policy: ['policy', 'consent', 'identity', 'population', 'shared'],
  metering: ['metering', 'shared'],
  audit: ['audit', 'identity', 'population', 'shared'],
  monitoring: ['monitoring', 'audit', 'policy', 'consent', 'identity', 'population', 'shared'],
  gateway: ['gateway', 'policy', 'consent', 'metering', 'audit', 'identity', 'population', 'shared'],
};

const scopeConstraints = scopes.map((scope) => ({
  sourceTag: `scope:${scope}`,
  onlyDependOnLibsWithTags: allowedScopes[scope].map((s) => `scope:${s}`),
}));

// Every project is tagged data:public, or data:<scope> when it holds that domain's tables.
const dataAccessConstraints = scopes.map((scope) => ({
  sourceTag: `scope:${scope}`,
  onlyDependOnLibsWithTags: ['data:public', `data:${scope}`],
}));

const typeConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
  {
    // Pure rules: no framework, database, network or file I/O.
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain'],
    bannedExternalImports: [
      '@nestjs/*', 'typeorm', 'pg', 'bullmq', 'ioredis', 'stripe', 'fastify', 'pino',
      'fs', 'node:fs', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'child_process', 'node:child_process',
    ],
  },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:domain', 'type:util', 'type:tool'] },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/coverage/**', '.nx/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: scopes.map((s) => `scope:${s}`).concat('scope:platform') },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: scopes.map((s) => `scope:${s}`).concat('scope:platform', 'scope:tools') },
            ...scopeConstraints,
            ...dataAccessConstraints,
            ...typeConstraints,
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'tools/**/*.ts', 'apps/platform/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
