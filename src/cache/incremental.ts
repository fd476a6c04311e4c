/**
 * `check --cache`: the pipeline of run.ts with results reused from the cache.
 *
 * What a file's results depend on
 * -------------------------------
 * Parsing and rule results of a query depend on its fragment (SQL text, dialect,
 * holes, segment map) and the config for its host file. Extraction of a file depends
 * on more than the file: imported constants (fragment.sources), the library behind an
 * imported module, the nearest package.json / schema.prisma, and project-wide facts:
 * which functions run queries (a helper called in a loop in another file is an N+1
 * finding), which constants other files consume, and which SQL-free files mention a
 * helper and so must be read at all.
 *
 * How the cache handles that
 * --------------------------
 * 1. Unchanged run (the common case: CI re-run, pre-commit, editor save elsewhere):
 *    every input is hashed — each file's text, each file's resolved config, the
 *    package.json / schema.prisma files extraction reads, and files outside the
 *    checked set reached through imports. If the hash of all of them equals the last
 *    run's for the same paths, the cached findings are returned. Nothing is parsed;
 *    the run only reads and hashes files.
 * 2. Anything changed: extraction runs over all files (it is the cheaper third of the
 *    work and the only way to get the cross-file facts above exactly right, since
 *    they are recomputed from the whole project every time). Files are then grouped:
 *    a fragment joins its host file with every file it drew text from (findings can
 *    land in, and be suppressed from, the constant's file). A group's key hashes its
 *    members' texts and per-file config and their extraction output (fragments, and
 *    database calls in loops with the hash of the helper's file). Groups whose key is
 *    unchanged reuse their findings; only the others are parsed and analysed. So a
 *    new helper elsewhere that turns a call into an N+1 changes that file's
 *    extraction output and is recomputed, while parsing (the costliest stage) and
 *    analysis run only where something changed.
 *
 * The results are those of runCheck (same findings, counts and order); the cache
 * never fails a run: an unreadable or corrupt cache is a note and a cold start.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { analyse, compareDiagnostics } from '../analyse/engine.js';
import type { DbCallInLoop, Diagnostic, Note, SourceFile, SqlFragment } from '../core/types.js';
import { extractAll } from '../extract/index.js';
import { resolveRelativeImport } from '../extract/scripts.js';
import { SCRIPT_EXTENSIONS } from '../discover/index.js';
import { initParsers, parseFragment } from '../parse/index.js';
import type { ParsedQuery } from '../parse/model.js';
import type { Progress } from '../report/progress.js';
import { countSeverities, type RunSummary } from '../report/summary.js';
import { type RunOptions, analyseOptionsFor, discoverFor, isHeuristic } from '../run.js';
import { configKeyFor, hashParts, hashText, hashValue } from './hash.js';
import type { FileEntry, ResultCache } from './store.js';

export interface CachedRunOptions {
  cache: ResultCache;
  /** Shows hashing, parsing and analysis progress (createProgress()). */
  progress?: Progress;
}

export interface CacheStats {
  /** 'unchanged': answered from the cache alone; 'incremental': extraction ran, unchanged groups were reused. */
  mode: 'unchanged' | 'incremental';
  files: number;
  groups: number;
  reusedGroups: number;
  recomputedGroups: number;
  /** Notes about the cache itself (corrupt file ignored, could not save). */
  notes: string[];
}

export interface CachedRunResult {
  files: SourceFile[];
  diagnostics: Diagnostic[];
  notes: Note[];
  summary: RunSummary;
  /** Files that hold at least one query (JUnit testcases). */
  filesWithQueries: string[];
  /** Queries parsed in this run (only recomputed groups; empty when unchanged). */
  parsedQueries: ParsedQuery[];
  cache: CacheStats;
}

// ---------------------------------------------------------------- inputs

const PROJECT_FILES = ['package.json', path.join('prisma', 'schema.prisma'), 'schema.prisma'];

function hashFile(abs: string): string {
  try {
    return hashText(readFileSync(abs, 'utf8'));
  } catch {
    return '';
  }
}

/** package.json and schema.prisma files in the folders of `paths` and above: extraction reads them for the dialect. */
function projectFilesKey(paths: Iterable<string>): string {
  const dirs = new Set<string>();
  for (const p of paths) {
    for (let dir = path.dirname(p); !dirs.has(dir); dir = path.dirname(dir)) {
      dirs.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  const parts: string[] = [];
  for (const dir of [...dirs].sort()) {
    for (const name of PROJECT_FILES) {
      const abs = path.join(dir, name);
      const h = hashFile(abs);
      if (h) parts.push(`${abs}\0${h}`);
    }
  }
  return hashParts(parts);
}

const IMPORT_SPECIFIER = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*(['"])(\.{1,2}(?:\/[^'"\n]*)?|\/[^'"\n]*)\1/g;
/**
 * Files outside the checked set that extraction may read through imports (and
 * imports of those, transitively), with their hashes. Regex-based, so it errs on
 * the side of listing too much (an import in a comment), never too little for
 * static relative imports.
 */
function externalFiles(files: readonly SourceFile[], extra: Iterable<string>): Record<string, string> {
  const inSet = new Set(files.map((f) => f.path));
  const statCache = new Map<string, boolean>();
  const exists = (p: string) => {
    let e = statCache.get(p);
    if (e === undefined) {
      try {
        e = inSet.has(p) || statSync(p).isFile();
      } catch {
        e = false;
      }
      statCache.set(p, e);
    }
    return e;
  };
  const out: Record<string, string> = {};
  const queue: { path: string; text: string }[] = files.filter((f) => f.kind === 'script').map((f) => ({ path: f.path, text: f.text }));
  const visit = (abs: string) => {
    if (inSet.has(abs) || abs in out) return;
    let text = '';
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      out[abs] = '';
      return;
    }
    out[abs] = hashText(text);
    if ((SCRIPT_EXTENSIONS as readonly string[]).includes(path.extname(abs).toLowerCase())) queue.push({ path: abs, text });
  };
  for (const abs of extra) visit(abs);
  while (queue.length > 0) {
    const { path: from, text } = queue.pop()!;
    if (!/\b(?:from|import|require)\b/.test(text)) continue;
    for (const m of text.matchAll(IMPORT_SPECIFIER)) {
      const target = resolveRelativeImport(from, m[2]!, exists);
      if (target) visit(target);
    }
  }
  return out;
}

function inputsKey(fileLines: readonly string[], projectKey: string, externals: Record<string, string>): string {
  return hashParts([...fileLines, '\0project', projectKey, '\0externals', ...Object.keys(externals).sort().map((k) => `${k}\0${externals[k]}`)]);
}

// ---------------------------------------------------------------- groups

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    const p = this.parent.get(x);
    if (p === undefined) {
      this.parent.set(x, x);
      return x;
    }
    if (p === x) return x;
    const root = this.find(p);
    this.parent.set(x, root);
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

interface Group {
  members: string[];
  fragments: SqlFragment[];
  calls: DbCallInLoop[];
  key: string;
}

const withoutLineStarts = (key: string, value: unknown) => (key === 'lineStarts' ? undefined : value);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------- the run

export async function runCheckCached(options: RunOptions, cached: CachedRunOptions): Promise<CachedRunResult> {
  const { cache, progress } = cached;
  const cwd = options.cwd;
  const discovered = discoverFor(options);
  const files = discovered.files;

  progress?.start('hashing', files.length);
  const textHash = new Map<string, string>();
  const configKey = new Map<string, string>();
  const cfgKeyMemo = new Map<string, string>();
  const configKeyOf = (rel: string) => {
    let k = configKey.get(rel);
    if (k === undefined) {
      const raw = configKeyFor(options.config, rel);
      k = cfgKeyMemo.get(raw) ?? hashText(raw);
      cfgKeyMemo.set(raw, k);
      configKey.set(rel, k);
    }
    return k;
  };
  const fileLines: string[] = [];
  for (const f of files) {
    const h = hashText(f.text);
    textHash.set(f.relativePath, h);
    fileLines.push(`${f.relativePath}\0${h}\0${configKeyOf(f.relativePath)}\0${f.kind}`);
    progress?.tick();
  }
  fileLines.sort();
  // The schema catalog feeds schema-aware rules everywhere: part of every key, whatever configHash the caller chose.
  const catalogKey = options.catalog ? hashValue(options.catalog) : '';
  fileLines.push(`\0catalog\0${catalogKey}`);
  const scope = hashValue({ cwd: path.resolve(cwd), paths: options.files ? null : [...options.paths], ignore: options.ignorePatterns ?? [], given: Boolean(options.files) });
  const cacheNotes = [...cache.notes];
  const fromDiscovery = discovered.notes;

  const assemble = (entries: [string, FileEntry][], extractNotes: readonly Note[], mode: CacheStats['mode'], groups: number, reused: number, parsedQueries: ParsedQuery[]): CachedRunResult => {
    const diagnostics: Diagnostic[] = [];
    let queries = 0;
    let parsed = 0;
    let suppressed = 0;
    const filesWithQueries: string[] = [];
    for (const [name, e] of entries) {
      diagnostics.push(...e.diagnostics);
      queries += e.queries;
      parsed += e.parsed;
      suppressed += e.suppressed;
      if (e.queries > 0) filesWithQueries.push(name);
    }
    diagnostics.sort(compareDiagnostics);
    const notes = [...fromDiscovery, ...extractNotes];
    return {
      files,
      diagnostics,
      notes,
      summary: { files: files.length, queries, parsed, ...countSeverities(diagnostics), suppressed, skipped: notes.length, remarks: [] },
      filesWithQueries: filesWithQueries.sort(),
      parsedQueries,
      cache: { mode, files: files.length, groups, reusedGroups: reused, recomputedGroups: groups - reused, notes: cacheNotes },
    };
  };

  // 1. Unchanged inputs: answer from the snapshot.
  const projectKeyNow = projectFilesKey(files.map((f) => f.path));
  const snapshot = cache.getRun(scope);
  if (snapshot) {
    const externalsNow: Record<string, string> = {};
    for (const abs of Object.keys(snapshot.externals)) externalsNow[abs] = hashFile(abs);
    const extraProject = projectFilesKey(Object.keys(snapshot.externals));
    const entries: [string, FileEntry][] = [];
    let complete = inputsKey(fileLines, hashParts([projectKeyNow, extraProject]), externalsNow) === snapshot.inputs;
    for (const name of complete ? snapshot.members : []) {
      const e = cache.get(name);
      if (!e || e.key !== snapshot.memberKeys[name]) {
        complete = false;
        break;
      }
      entries.push([name, e]);
    }
    if (complete) {
      progress?.done();
      const groups = new Set(Object.values(snapshot.memberKeys)).size;
      return assemble(entries, snapshot.extractNotes, 'unchanged', groups, groups, []);
    }
  }

  // 2. Extract everything, reuse groups whose inputs and extraction output are unchanged.
  progress?.start('extracting', files.length);
  const extracted = extractAll(files, { cwd, detectors: options.config.detectors, dialectFor: (file) => options.config.dialectFor(file) });
  const relToAbs = (rel: string) => path.resolve(cwd, rel);
  const discoveredAbs = new Set(files.map((f) => f.path));
  const referenced = new Set<string>();
  for (const fr of extracted.fragments) for (const s of fr.sources) referenced.add(relToAbs(s.file));
  for (const c of extracted.dbCallsInLoops) if (c.via) referenced.add(relToAbs(c.via.file));
  const externals = externalFiles(files, [...referenced].filter((p) => !discoveredAbs.has(p)));
  const hashOf = (rel: string) => textHash.get(rel) ?? externals[relToAbs(rel)] ?? hashFile(relToAbs(rel));

  const uf = new UnionFind();
  for (const f of files) uf.find(f.relativePath);
  for (const fr of extracted.fragments) for (const s of fr.sources) uf.union(fr.file, s.file);
  for (const c of extracted.dbCallsInLoops) uf.find(c.file);
  const groupsByRoot = new Map<string, Group>();
  const groupOf = (rel: string) => {
    const root = uf.find(rel);
    let g = groupsByRoot.get(root);
    if (!g) groupsByRoot.set(root, (g = { members: [], fragments: [], calls: [], key: '' }));
    return g;
  };
  for (const name of new Set([...files.map((f) => f.relativePath), ...extracted.fragments.flatMap((fr) => fr.sources.map((s) => s.file)), ...extracted.dbCallsInLoops.map((c) => c.file)])) {
    groupOf(name).members.push(name);
  }
  for (const fr of extracted.fragments) groupOf(fr.file).fragments.push(fr);
  for (const c of extracted.dbCallsInLoops) groupOf(c.file).calls.push(c);
  const groups = [...groupsByRoot.values()];
  for (const g of groups) {
    g.members.sort();
    const parts: string[] = [catalogKey, ...g.members.map((m) => `${m}\0${hashOf(m)}\0${configKeyOf(m)}`)];
    parts.push('\0fragments');
    for (const fr of g.fragments) parts.push(JSON.stringify(fr, withoutLineStarts));
    parts.push('\0calls');
    for (const c of g.calls) parts.push(JSON.stringify(c, withoutLineStarts), c.via ? hashOf(c.via.file) : '');
    g.key = hashParts(parts);
  }

  const texts = new Map(files.map((f) => [f.relativePath, f.text]));
  const aOptions = analyseOptionsFor(options);
  const stale = groups.filter((g) => !g.members.every((m) => cache.get(m)?.key === g.key));
  const parsedQueries: ParsedQuery[] = [];
  if (stale.length > 0) {
    if (stale.some((g) => g.fragments.length > 0)) await initParsers();
    progress?.start('analysing', stale.reduce((n, g) => n + g.fragments.length, 0), 'queries');
    for (const g of stale) {
      const queries = g.fragments.map(parseFragment).filter((q) => !(isHeuristic(q) && q.error));
      parsedQueries.push(...queries);
      const fileTexts = new Map<string, string>();
      for (const m of g.members) if (texts.has(m)) fileTexts.set(m, texts.get(m)!);
      const quiet = queries.length === 0 && g.calls.length === 0 && [...fileTexts.values()].every((t) => !t.includes('sqlwarden-'));
      const result = quiet ? { diagnostics: [], suppressed: 0 } : analyse({ queries, dbCallsInLoops: g.calls, fileTexts }, aOptions);
      const byFile = new Map<string, Diagnostic[]>(g.members.map((m) => [m, []]));
      for (const d of result.diagnostics) (byFile.get(d.file) ?? byFile.get(g.members[0]!)!).push(d);
      g.members.forEach((m, i) => {
        const own = queries.filter((q) => q.fragment.file === m);
        cache.set(m, {
          hash: hashOf(m),
          key: g.key,
          diagnostics: byFile.get(m)!,
          queries: own.length,
          parsed: own.filter((q) => !q.error).length,
          suppressed: i === 0 ? result.suppressed : 0,
        });
      });
      progress?.tick(g.fragments.length);
    }
  }
  progress?.done();

  const memberKeys: Record<string, string> = {};
  const entries: [string, FileEntry][] = [];
  for (const g of groups) {
    for (const m of g.members) {
      memberKeys[m] = g.key;
      entries.push([m, cache.get(m)!]);
    }
  }
  entries.sort((a, b) => cmp(a[0], b[0]));
  const extraProject = projectFilesKey(Object.keys(externals));
  cache.setRun(scope, {
    inputs: inputsKey(fileLines, hashParts([projectKeyNow, extraProject]), externals),
    externals,
    members: Object.keys(memberKeys).sort(),
    memberKeys,
    extractNotes: extracted.notes,
  });
  // Entries of files that no longer exist go; entries of other scopes stay.
  const live = new Set(Object.keys(memberKeys));
  cache.prune((name) => live.has(name) || existsSync(relToAbs(name)));
  const saved = cache.save();
  if (saved.note) cacheNotes.push(saved.note);
  return assemble(entries, extracted.notes, 'incremental', groups.length, groups.length - stale.length, parsedQueries);
}
