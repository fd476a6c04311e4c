/**
 * sqlwarden as an ESLint plugin: `import sqlwarden from 'sqlwarden/eslint-plugin'`
 * (flat config, ESLint 9 and 10) or `plugins: ['sqlwarden']` through the
 * `eslint-plugin-sqlwarden` shim (legacy config, ESLint 8.57). See README.md.
 */
// First: makes libpg-query synchronous before src/parse loads it (see pg-sync.ts).
import './pg-sync.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flatConfig, legacyConfig, PLUGIN_NAME } from './configs.js';
import { RULES } from './rules.js';
import type { EslintPlugin } from './types.js';

function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sqlwarden' && pkg.version) return pkg.version;
    } catch {
      /* keep looking */
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

const plugin = {
  meta: { name: PLUGIN_NAME, version: packageVersion() },
  rules: RULES,
  configs: {
    recommended: legacyConfig('recommended'),
    strict: legacyConfig('strict'),
  },
} as unknown as EslintPlugin;
// The flat presets name the plugin object itself.
plugin.configs['flat/recommended'] = flatConfig('recommended', plugin);
plugin.configs['flat/strict'] = flatConfig('strict', plugin);

export default plugin;
export const { meta, rules, configs } = plugin;
export { lintFileSync, parseFragmentSync } from './pipeline.js';
export { pgLoadState } from './pg-sync.js';
export type * from './types.js';
