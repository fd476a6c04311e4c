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
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { type ResolvedConfig, ConfigError, resolveConfig, validateConfig } from '../cli/config.js';
import type { Catalog } from '../core/catalog.js';

export interface PluginSettings {
  config: ResolvedConfig;
  /** Absolute path of the schema snapshot, when one is configured or found. */
  schemaPath?: string;
  /** True when the snapshot path was given (a missing file is then an error). */
  schemaConfigured: boolean;
}

const KNOWN_KEYS = ['dialect', 'detectors', 'migrations', 'overrides', 'schema'];
/** Where `sqlwarden schema snapshot` writes, relative to the working directory. */
export const DEFAULT_SNAPSHOT = '.sqlwarden/schema.json';

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
  const schemaPath = typeof schema === 'string' ? path.resolve(cwd, schema) : existsSync(path.resolve(cwd, DEFAULT_SNAPSHOT)) ? path.resolve(cwd, DEFAULT_SNAPSHOT) : undefined;
  const out: PluginSettings = { config, ...(schemaPath ? { schemaPath } : {}), schemaConfigured: typeof schema === 'string' };
  resolved.set(key, out);
  return out;
}

const snapshots = new Map<string, { mtimeMs: number; catalog: Catalog }>();

/**
 * SCHEMA HOOK. `src/schema/` does not export a snapshot loader yet, so this
 * reads the snapshot as documented in src/core/catalog.ts ("a snapshot is this
 * object as JSON") and checks its shape. When src/schema exports a synchronous
 * loader (ESLint rules cannot await), call it here instead; everything else in
 * the plugin goes through this function. Re-read when the file changes.
 */
export function loadSchemaSnapshot(file: string): Catalog {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    throw new SettingsError(`ESLint settings.sqlwarden.schema: schema snapshot not found: ${file}`);
  }
  const hit = snapshots.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.catalog;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SettingsError(`ESLint settings.sqlwarden.schema: ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const catalog = asCatalog(data);
  if (!catalog) throw new SettingsError(`ESLint settings.sqlwarden.schema: ${file} is not a sqlwarden schema snapshot (expected { "tables": [...] })`);
  const out: Catalog = { ...catalog, sources: catalog.sources?.length ? catalog.sources : [file] };
  snapshots.set(file, { mtimeMs, catalog: out });
  return out;
}

function asCatalog(data: unknown): Catalog | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const tables = (data as { tables?: unknown }).tables;
  if (!Array.isArray(tables)) return undefined;
  const ok = tables.every(
    (t) => typeof t === 'object' && t !== null && typeof t.name === 'string' && Array.isArray(t.columns) && Array.isArray(t.indexes) && Array.isArray(t.foreignKeys),
  );
  if (!ok) return undefined;
  const sources = (data as { sources?: unknown }).sources;
  return { tables: tables as Catalog['tables'], sources: Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : [] };
}
