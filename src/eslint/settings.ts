/**
 * `settings.sqlwarden` in an ESLint config: the parts of a sqlwarden config that
 * are not rules (ESLint owns rules and severities). Validated with the CLI's
 * own config schema and resolved with its resolver, once per settings value.
 *
 *   settings: {
 *     sqlwarden: {
 *       dialect: 'postgresql',                       // default dialect
 *       detectors: [{ callee: 'db.sql', arg: 0 }],   // extra detector rows
 *       migrations: ['db/migrations/**'],            // migration globs (relative to cwd)
 *       overrides: [{ files: 'legacy/**', dialect: 'mysql' }],
 *       schema: '.sqlwarden/schema.json',            // schema snapshot for schema-aware rules
 *     },
 *   }
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { type ResolvedConfig, ConfigError, resolveConfig, validateConfig } from '../cli/config.js';
import type { Catalog } from '../core/catalog.js';
import { SchemaError } from '../schema/errors.js';
// The snapshot module itself, not src/schema/index.js: that one also loads the database drivers.
import { DEFAULT_SNAPSHOT_PATH, loadSnapshot } from '../schema/snapshot.js';

export interface PluginSettings {
  config: ResolvedConfig;
  /** Absolute path of the schema snapshot, when one is configured or found. */
  schemaPath?: string;
  /** True when the snapshot path was given (a missing file is then an error). */
  schemaConfigured: boolean;
}

const KNOWN_KEYS = ['dialect', 'detectors', 'migrations', 'overrides', 'schema'];

const resolved = new Map<string, PluginSettings>();

export class SettingsError extends Error {}

export function resolveSettings(raw: unknown, cwd: string): PluginSettings {
  const key = `${cwd}\0${raw === undefined ? '' : JSON.stringify(raw)}`;
  const hit = resolved.get(key);
  if (hit) return hit;
  const where = 'ESLint settings.sqlwarden';
  if (raw !== undefined && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) throw new SettingsError(`${where} must be an object`);
  const given = (raw ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(given).filter((k) => !KNOWN_KEYS.includes(k));
  if (unknown.length > 0) {
    const hint = unknown.includes('rules') || unknown.includes('extends') ? ' (configure rules as sqlwarden/<rule-id> in ESLint `rules`, presets with `extends`)' : '';
    throw new SettingsError(`${where}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${KNOWN_KEYS.join(', ')}${hint}`);
  }
  const { schema, ...rest } = given;
  if (schema !== undefined && typeof schema !== 'string') throw new SettingsError(`${where}.schema must be the path of a schema snapshot (a string)`);
  const overrides = Array.isArray(rest.overrides) ? (rest.overrides as unknown[]) : [];
  if (overrides.some((o) => typeof o === 'object' && o !== null && 'rules' in o)) {
    throw new SettingsError(`${where}.overrides: "rules" is not supported here; use ESLint config objects with \`files\` and \`rules\``);
  }
  let config: ResolvedConfig;
  try {
    // No presets: which rules run, and how, is ESLint's business.
    config = resolveConfig(validateConfig({ ...rest, extends: [] }, where, ALL_RULES), { cwd, dir: cwd, rules: ALL_RULES });
  } catch (error) {
    if (error instanceof ConfigError) throw new SettingsError(error.message);
    throw error;
  }
  const schemaPath = typeof schema === 'string' ? path.resolve(cwd, schema) : existsSync(path.resolve(cwd, DEFAULT_SNAPSHOT_PATH)) ? path.resolve(cwd, DEFAULT_SNAPSHOT_PATH) : undefined;
  const out: PluginSettings = { config, ...(schemaPath ? { schemaPath } : {}), schemaConfigured: typeof schema === 'string' };
  resolved.set(key, out);
  return out;
}

const snapshots = new Map<string, { mtimeMs: number; catalog: Catalog }>();

/**
 * The schema snapshot for schema-aware rules, read with the schema stage's own
 * synchronous loader (src/schema/snapshot.ts, re-exported by src/schema/index.ts)
 * and cached until the file changes. Errors are configuration errors.
 */
export function catalogFor(settings: PluginSettings): Catalog | undefined {
  if (!settings.schemaPath) return undefined;
  // The default snapshot may have been removed since; only a configured one must exist.
  if (!settings.schemaConfigured && !existsSync(settings.schemaPath)) return undefined;
  return loadSchemaSnapshot(settings.schemaPath);
}

export function loadSchemaSnapshot(file: string): Catalog {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    throw new SettingsError(`ESLint settings.sqlwarden.schema: schema snapshot not found: ${file}`);
  }
  const hit = snapshots.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.catalog;
  let catalog: Catalog;
  try {
    catalog = loadSnapshot(file);
  } catch (error) {
    if (error instanceof SchemaError) throw new SettingsError(`ESLint settings.sqlwarden.schema: ${error.message}`);
    throw error;
  }
  snapshots.set(file, { mtimeMs, catalog });
  return catalog;
}
