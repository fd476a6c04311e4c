/**
 * The on-disk result cache: one JSON file holding per-file entries and, per scope
 * (paths and ignore options), a snapshot of the last complete run.
 *
 * The whole file is valid for one sqlwarden version and one run-wide config hash;
 * either changing empties it. A missing file is a cold start; an unreadable or
 * corrupt one is ignored with a note (never an error) and overwritten on save.
 * save() writes a temp file and renames it over the old one, so readers and
 * crashed runs never see half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Note } from '../core/types.js';

export const CACHE_FORMAT = 1;
export const DEFAULT_CACHE_LOCATION = 'node_modules/.cache/sqlwarden';
export const CACHE_FILE_NAME = 'results-v1.json';
/** Run snapshots kept (one per distinct paths/ignore scope). */
const MAX_SNAPSHOTS = 8;

/** Results of one file, valid while `key` (see incremental.ts) is unchanged. */
export interface FileEntry {
  /** sha256 of the file text ('' for a file that was not read). */
  hash: string;
  /** Key of the group of files the results were computed with. */
  key: string;
  /** Findings located in this file (after suppressions). */
  diagnostics: Diagnostic[];
  /** Queries whose host is this file, and how many of them parsed. */
  queries: number;
  parsed: number;
  /** Findings suppressed in this file's group (counted on the group's first file only). */
  suppressed: number;
}

/** Everything needed to answer an unchanged run without extracting anything. */
export interface RunSnapshot {
  /** Hash of every input: file list, contents, per-file config, project files, external imports. */
  inputs: string;
  /** Files read through imports from outside the checked set, with their hashes ('' = missing). */
  externals: Record<string, string>;
  /** Entries that make up the run's results, with the group key each must still have. */
  members: string[];
  memberKeys: Record<string, string>;
  /** Notes from extraction (discovery notes are recomputed each run). */
  extractNotes: Note[];
  /** Increases with every save; the oldest snapshot is dropped first. */
  stamp: number;
}

interface CacheData {
  format: number;
  version: string;
  configHash: string;
  files: Record<string, FileEntry>;
  runs: Record<string, RunSnapshot>;
}

export interface OpenCacheOptions {
  /** sqlwarden's version: a different version empties the cache. */
  version: string;
  /** Hash of the run-wide config (hashConfig): a different hash empties the cache. */
  configHash: string;
  /** Folder a relative location is resolved against (default: process.cwd()). */
  cwd?: string;
}

export interface ResultCache {
  /** The cache file. */
  readonly file: string;
  /** Why the cache started empty, if it was unreadable, corrupt or stale ("cache: …"). */
  readonly notes: readonly string[];
  get(file: string): FileEntry | undefined;
  set(file: string, entry: FileEntry): void;
  delete(file: string): void;
  /** Names of all entries. */
  keys(): string[];
  getRun(scope: string): RunSnapshot | undefined;
  setRun(scope: string, snapshot: Omit<RunSnapshot, 'stamp'>): void;
  /** Drops entries for which `keep` returns false (e.g. files that no longer exist). */
  prune(keep: (file: string) => boolean): void;
  /** Writes the cache atomically if anything changed. Errors become notes (a cache never fails a run). */
  save(): { saved: boolean; note?: string };
}

/** `--cache-location`: a folder (the default, or any path not ending in .json) or a file. */
export function cacheFilePath(location: string, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, location);
  if (abs.toLowerCase().endsWith('.json') && !(existsSync(abs) && statSync(abs).isDirectory())) return abs;
  return path.join(abs, CACHE_FILE_NAME);
}

/** Objects without a prototype, so a file named "__proto__" is an ordinary key. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function emptyData(options: OpenCacheOptions): CacheData {
  return { format: CACHE_FORMAT, version: options.version, configHash: options.configHash, files: dict(), runs: dict() };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validEntry(v: unknown): v is FileEntry {
  return (
    isRecord(v) &&
    typeof v.hash === 'string' &&
    typeof v.key === 'string' &&
    Array.isArray(v.diagnostics) &&
    typeof v.queries === 'number' &&
    typeof v.parsed === 'number' &&
    typeof v.suppressed === 'number'
  );
}

function validRun(v: unknown): v is RunSnapshot {
  return isRecord(v) && typeof v.inputs === 'string' && isRecord(v.externals) && Array.isArray(v.members) && isRecord(v.memberKeys) && Array.isArray(v.extractNotes) && typeof v.stamp === 'number';
}

function load(file: string, options: OpenCacheOptions): { data: CacheData; note?: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { data: emptyData(options) };
    return { data: emptyData(options), note: `cache: cannot read ${file} (${code ?? (error as Error).message}); starting with an empty cache` };
  }
  let raw: unknown;
  try {
    // JSON.parse makes "__proto__" an own property; copying it below keeps it one.
    raw = JSON.parse(text);
  } catch {
    return { data: emptyData(options), note: `cache: ${file} is corrupt (not JSON); ignored, it will be rewritten` };
  }
  if (!isRecord(raw) || raw.format !== CACHE_FORMAT || !isRecord(raw.files) || !isRecord(raw.runs)) {
    return { data: emptyData(options), note: `cache: ${file} is not a sqlwarden ${CACHE_FORMAT} cache; ignored, it will be rewritten` };
  }
  // A new version or config is an expected miss, not something to report.
  if (raw.version !== options.version || raw.configHash !== options.configHash) return { data: emptyData(options) };
  const data = emptyData(options);
  for (const [k, v] of Object.entries(raw.files)) if (validEntry(v)) data.files[k] = v;
  for (const [k, v] of Object.entries(raw.runs)) if (validRun(v)) data.runs[k] = v;
  return { data };
}

export function openCache(location: string, options: OpenCacheOptions): ResultCache {
  const file = cacheFilePath(location, options.cwd);
  const { data, note } = load(file, options);
  const notes: string[] = note ? [note] : [];
  let dirty = note !== undefined;
  const files = data.files;
  const runs = data.runs;
  let stamp = Math.max(0, ...Object.values(runs).map((r) => r.stamp));

  return {
    file,
    notes,
    get: (name) => files[name],
    set(name, entry) {
      files[name] = entry;
      dirty = true;
    },
    delete(name) {
      if (name in files) {
        delete files[name];
        dirty = true;
      }
    },
    keys: () => Object.keys(files),
    getRun: (scope) => runs[scope],
    setRun(scope, snapshot) {
      runs[scope] = { ...snapshot, stamp: ++stamp };
      const all = Object.entries(runs).sort((a, b) => b[1].stamp - a[1].stamp);
      for (const [k] of all.slice(MAX_SNAPSHOTS)) delete runs[k];
      dirty = true;
    },
    prune(keep) {
      for (const name of Object.keys(files)) {
        if (!keep(name)) {
          delete files[name];
          dirty = true;
        }
      }
    },
    save() {
      if (!dirty) return { saved: false };
      const out: CacheData = { format: CACHE_FORMAT, version: options.version, configHash: options.configHash, files: dict(), runs: dict() };
      for (const k of Object.keys(files).sort()) out.files[k] = files[k]!;
      for (const k of Object.keys(runs).sort()) out.runs[k] = runs[k]!;
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(tmp, JSON.stringify(out));
        renameSync(tmp, file);
        dirty = false;
        return { saved: true };
      } catch (error) {
        try {
          unlinkSync(tmp);
        } catch {
          /* nothing was written */
        }
        return { saved: false, note: `cache: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); results were not cached` };
      }
    },
  };
}
