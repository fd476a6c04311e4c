/** Hashing for the result cache: file contents, plain values, per-file config. */
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../cli/config.js';

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of several strings, unambiguous about where one ends and the next begins. */
export function hashParts(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:`).update(p);
  return h.digest('hex');
}

/**
 * JSON with object keys sorted (and Maps/Sets as sorted arrays), so equal values
 * give equal text whatever the insertion order. Functions and undefined are dropped.
 */
export function stableStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  const norm = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return typeof v === 'function' || typeof v === 'symbol' ? undefined : typeof v === 'bigint' ? String(v) : v;
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    let out: unknown;
    if (Array.isArray(v)) out = v.map((x) => norm(x) ?? null);
    else if (v instanceof Map) out = { $map: [...v.entries()].map(([k, x]) => [norm(k), norm(x)]).sort((a, b) => cmp(JSON.stringify(a[0]), JSON.stringify(b[0]))) };
    else if (v instanceof Set) out = { $set: [...v].map(norm).map((x) => JSON.stringify(x)).sort() };
    else if (v instanceof RegExp) out = { $regexp: String(v) };
    else {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) {
        const x = norm((v as Record<string, unknown>)[k]);
        if (x !== undefined) o[k] = x;
      }
      out = o;
    }
    seen.delete(v);
    return out;
  };
  return JSON.stringify(norm(value)) ?? 'null';
}

export function hashValue(value: unknown): string {
  return hashText(stableStringify(value));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The run-wide part of the config that extraction and analysis read: detectors and
 * schema sources, plus whatever the caller adds (the catalog, CLI flags that change
 * results). Per-file settings (rules, severities, options, dialect, migration globs)
 * are hashed per file by configKeyFor, which sees through presets, overrides and
 * JS config files because it hashes what the config resolves to, not its text.
 */
export function hashConfig(config: Pick<ResolvedConfig, 'detectors' | 'schema'>, extra: Record<string, unknown> = {}): string {
  return hashValue({ detectors: config.detectors, schema: config.schema, extra });
}

/** Per-file config fingerprint: the rules on for the file (with severity and options), its dialect and migration status. */
export function configKeyFor(config: Pick<ResolvedConfig, 'rulesFor' | 'dialectFor' | 'isMigration'>, file: string): string {
  const rules = config.rulesFor(file).map((r) => `${r.rule.name}=${r.severity}:${stableStringify(r.options)}`);
  return `${rules.join('|')}#${stableStringify(config.dialectFor(file) ?? null)}#${config.isMigration(file) ? 'm' : ''}`;
}
