/**
 * Baselines: accept today's findings so that `check --baseline` reports only new ones.
 *
 * An entry is (rule id, file, fingerprint) with a count. The fingerprint is the
 * normalised fingerprint of the query (Diagnostic.fingerprint: libpg-query's for
 * PostgreSQL, a token fingerprint otherwise), never a line number, so findings
 * survive moved lines and reformatting. Findings without a query fingerprint fall
 * back to their SQL with whitespace collapsed, then to their message with digits
 * masked. Matching counts: an entry with count N absorbs up to N findings with the
 * same key; entries (or parts of counts) that absorbed nothing are "fixed" and can
 * be pruned by writing a new baseline.
 *
 * The file is sorted, pretty-printed JSON with a trailing newline, so re-running
 * `sqlwarden baseline` on an unchanged tree rewrites it byte for byte.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/types.js';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.sqlwarden-baseline.json';

export interface BaselineEntry {
  ruleId: string;
  /** Relative path with `/` separators, as in Diagnostic.file. */
  file: string;
  /** `q:<query fingerprint>`, `s:<normalised sql>` or `m:<message with digits masked>`. */
  fingerprint: string;
  /** How many findings with this key the baseline accepts. */
  count: number;
  /** One of the findings' messages, for people reading the file (not used for matching). */
  message?: string;
}

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

export interface BaselineResult {
  /** Findings the baseline does not cover: the ones to report. */
  kept: Diagnostic[];
  /** How many findings the baseline absorbed. */
  absorbed: number;
  /** Entries that matched fewer findings than their count; `count` is the unmatched remainder. */
  fixed: BaselineEntry[];
}

export class BaselineError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'BaselineError';
  }
}

/** The position-independent identity of a finding within its rule and file. */
export function baselineFingerprint(d: Diagnostic): string {
  if (d.fingerprint) return `q:${d.fingerprint}`;
  if (d.sql && d.sql.trim()) return `s:${d.sql.replace(/\s+/g, ' ').trim()}`;
  return `m:${d.message.replace(/\d+/g, '#')}`;
}

function keyOf(ruleId: string, file: string, fingerprint: string): string {
  return `${ruleId}\0${file}\0${fingerprint}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint);
}

export function createBaseline(diagnostics: readonly Diagnostic[]): BaselineFile {
  const byKey = new Map<string, BaselineEntry>();
  for (const d of diagnostics) {
    const fingerprint = baselineFingerprint(d);
    const key = keyOf(d.ruleId, d.file, fingerprint);
    const entry = byKey.get(key);
    if (entry) {
      entry.count++;
      // The smallest message, so the file does not change when findings move.
      if (entry.message === undefined || d.message < entry.message) entry.message = d.message;
    } else {
      byKey.set(key, { ruleId: d.ruleId, file: d.file, fingerprint, count: 1, message: d.message });
    }
  }
  return { version: BASELINE_VERSION, entries: [...byKey.values()].sort(compareEntries) };
}

export function applyBaseline(diagnostics: readonly Diagnostic[], baseline: BaselineFile): BaselineResult {
  const remaining = new Map<string, { entry: BaselineEntry; left: number }>();
  for (const entry of baseline.entries) {
    const key = keyOf(entry.ruleId, entry.file, entry.fingerprint);
    const hit = remaining.get(key);
    // Duplicate entries (hand-merged files) add up.
    if (hit) hit.left += entry.count;
    else remaining.set(key, { entry, left: entry.count });
  }
  const kept: Diagnostic[] = [];
  let absorbed = 0;
  for (const d of diagnostics) {
    const slot = remaining.get(keyOf(d.ruleId, d.file, baselineFingerprint(d)));
    if (slot && slot.left > 0) {
      slot.left--;
      absorbed++;
    } else {
      kept.push(d);
    }
  }
  const fixed = [...remaining.values()]
    .filter((s) => s.left > 0)
    .map((s) => ({ ...s.entry, count: s.left }))
    .sort(compareEntries);
  return { kept, absorbed, fixed };
}

/** Stable text of a baseline: sorted entries, fixed key order, two-space indent, trailing newline. */
export function formatBaseline(baseline: BaselineFile): string {
  const entries = [...baseline.entries].sort(compareEntries).map((e) => ({
    file: e.file,
    ruleId: e.ruleId,
    fingerprint: e.fingerprint,
    count: e.count,
    ...(e.message !== undefined ? { message: e.message } : {}),
  }));
  return JSON.stringify({ version: BASELINE_VERSION, tool: 'sqlwarden', entries }, null, 2) + '\n';
}

/** Parses and validates baseline text; `file` names the source in errors. */
export function parseBaseline(text: string, file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new BaselineError(file, `baseline file ${file} is not valid JSON (${(error as Error).message}); regenerate it with \`sqlwarden baseline\``);
  }
  const fail = (why: string): never => {
    throw new BaselineError(file, `baseline file ${file} is not a sqlwarden baseline: ${why}; regenerate it with \`sqlwarden baseline\``);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('expected an object with "version" and "entries"');
  const obj = data as Record<string, unknown>;
  if (obj.version !== BASELINE_VERSION) {
    if (typeof obj.version === 'number' && obj.version > BASELINE_VERSION) {
      throw new BaselineError(file, `baseline file ${file} has version ${obj.version}, newer than this sqlwarden supports (${BASELINE_VERSION}); upgrade sqlwarden`);
    }
    fail(`"version" must be ${BASELINE_VERSION}`);
  }
  if (!Array.isArray(obj.entries)) fail('"entries" must be an array');
  const entries = (obj.entries as unknown[]).map((raw, i): BaselineEntry => {
    if (typeof raw !== 'object' || raw === null) return fail(`entries[${i}] is not an object`);
    const e = raw as Record<string, unknown>;
    for (const k of ['ruleId', 'file', 'fingerprint'] as const) {
      if (typeof e[k] !== 'string' || e[k] === '') fail(`entries[${i}].${k} must be a non-empty string`);
    }
    const count = e.count === undefined ? 1 : e.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) fail(`entries[${i}].count must be a whole number of at least 1`);
    return {
      ruleId: e.ruleId as string,
      file: e.file as string,
      fingerprint: e.fingerprint as string,
      count: count as number,
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
    };
  });
  return { version: BASELINE_VERSION, entries };
}

export function readBaseline(file: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist (create it with `sqlwarden baseline`)' : `cannot be read (${code ?? (error as Error).message})`;
    throw new BaselineError(file, `baseline file ${file} ${why}`);
  }
  return parseBaseline(text, file);
}

/** Writes atomically (temp file + rename), so an interrupted run never leaves half a baseline. */
export function writeBaseline(file: string, baseline: BaselineFile): void {
  const dir = path.dirname(path.resolve(file));
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(tmp, formatBaseline(baseline));
  renameSync(tmp, file);
}

/** One line for humans after `check --baseline`, e.g. for stderr or the summary remarks. */
export function describeBaselineResult(result: BaselineResult, file: string): string {
  const fixedCount = result.fixed.reduce((n, e) => n + e.count, 0);
  const parts = [`baseline ${file}: ${result.absorbed} known finding${result.absorbed === 1 ? '' : 's'} hidden`];
  if (fixedCount > 0) parts.push(`${fixedCount} fixed since the baseline (run \`sqlwarden baseline\` to prune ${fixedCount === 1 ? 'it' : 'them'})`);
  return parts.join(', ');
}
