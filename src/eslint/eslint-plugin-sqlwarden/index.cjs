'use strict';
/**
 * ESLint 8 legacy config loads `plugins: ['sqlwarden']` with require('eslint-plugin-sqlwarden').
 * The plugin itself is the ESM module `sqlwarden/eslint-plugin`; Node >= 20.19 can
 * require() ESM that has no top-level await, which the plugin guarantees.
 *
 * Installed next to sqlwarden, the package name resolves. Inside the sqlwarden
 * repository (a `file:` devDependency for the tests) it falls back to the build.
 */
function load() {
  try {
    return require('sqlwarden/eslint-plugin');
  } catch (error) {
    const missing = error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes("'sqlwarden/eslint-plugin'");
    if (!missing) throw error;
    return require('../../../dist/src/eslint/index.js');
  }
}

const mod = load();
module.exports = mod && mod.__esModule && mod.default ? mod.default : mod;
