/**
 * The extract stage: source files in, SQL fragments (each with its segment map)
 * and loop facts out. Script files pass a keyword prefilter before any parse, so
 * files without SQL cost a regex test.
 */
import path from 'node:path';
import { wholeTextFragment } from '../core/fragment.js';
import type { DbCallInLoop, Note, SourceFile, SqlFragment } from '../core/types.js';
import { BUILTIN_DETECTORS, type Detector } from './detectors.js';
import { ProjectLookup, dialectOfLibraries } from './project.js';
import { type DialectChoice, type LoopCallCandidate, type QueryFunction, extractScript } from './script-extractor.js';
import { ScriptCache, type ScriptInfo, parseScript } from './scripts.js';
import { SQL_KEYWORD_PREFILTER } from './shape.js';

export { BUILTIN_DETECTORS } from './detectors.js';
export type { Detector, CallDetector, TagDetector } from './detectors.js';
export type { DialectChoice } from './script-extractor.js';

export interface ExtractOptions {
  cwd: string;
  /** Extra detector rows from config; they take precedence over the built-in table. */
  detectors?: readonly Detector[];
  /** Dialect forced for a file by CLI or config (overrides included), if any. */
  dialectFor?: (relativePath: string) => DialectChoice | undefined;
  /** Called once per file read, for progress reporting. */
  onFile?: () => void;
}

export interface ExtractResult {
  fragments: SqlFragment[];
  dbCallsInLoops: DbCallInLoop[];
  notes: Note[];
  /** Script files that passed the prefilter and were parsed. */
  parsedScripts: number;
}

/** ORM and helper calls that also match these names are everyday methods, not queries. */
const COMMON_METHOD_NAMES = new Set(['get', 'set', 'has', 'add', 'delete', 'find', 'map', 'filter', 'push', 'query', 'run', 'all', 'exec', 'execute', 'call', 'apply', 'bind', 'then', 'catch', 'send', 'emit', 'load', 'save', 'update', 'create', 'remove', 'insert', 'fetch', 'request', 'handle', 'process', 'next', 'resolve', 'reject', 'log', 'toString', 'count', 'each']);

const ORM_PREFILTER = /\.(?:findMany|findUnique|findFirst|findByPk|findOneBy|findOne|findAll|findBy|upsert)\s*\(|\b(?:prisma|tx|db|client)\.\w+\.(?:create|createMany|update|updateMany|delete|deleteMany|count|aggregate|groupBy)\s*\(/;

/**
 * What one pass over a set of files finds. Plain data, so a worker thread can
 * produce it for its share of a large code base; `mergeExtractions` joins parts.
 */
export interface ExtractionPart {
  fragments: SqlFragment[];
  /** Bare SQL-shaped literals, kept only if no detector consumed them in any part. */
  candidates: SqlFragment[];
  queryFunctions: QueryFunction[];
  loopCalls: LoopCallCandidate[];
  dbCallsInLoops: DbCallInLoop[];
  /** `path:offset` of every literal a detector read. */
  consumed: string[];
  notes: Note[];
  parsedScripts: number;
  /** Script files the prefilter skipped (they matter only if they call a query helper in a loop). */
  deferred: string[];
  /** Relative path and line starts of every parsed script, for loop findings. */
  infos: Record<string, ScriptInfo>;
}

interface PartContext {
  cwd: string;
  cache: ScriptCache;
  projects: ProjectLookup;
  detectors: readonly Detector[];
  dialectFor: (abs: string) => DialectChoice | undefined;
  onFile?: () => void;
}

function partContext(options: ExtractOptions): PartContext {
  const cwd = options.cwd;
  return {
    cwd,
    cache: new ScriptCache(cwd),
    projects: new ProjectLookup(path.parse(cwd).root),
    detectors: [...(options.detectors ?? []), ...BUILTIN_DETECTORS],
    dialectFor: memoise((abs: string) => options.dialectFor?.(path.relative(cwd, abs).split(path.sep).join('/'))),
    ...(options.onFile ? { onFile: options.onFile } : {}),
  };
}

/** Extracts from the given files (behind the prefilter); `prefilter: false` parses every script file. */
function extractFiles(files: readonly SourceFile[], ctx: PartContext, prefilter: boolean): ExtractionPart {
  const consumed = new Set<string>();
  const part: ExtractionPart = { fragments: [], candidates: [], queryFunctions: [], loopCalls: [], dbCallsInLoops: [], consumed: [], notes: [], parsedScripts: 0, deferred: [], infos: {} };
  const extractOptions = { detectors: ctx.detectors, dialectFor: ctx.dialectFor, projectFacts: (f: string) => ctx.projects.factsFor(f) };
  for (const file of files) {
    ctx.onFile?.();
    if (file.kind === 'sql') {
      const choice = ctx.dialectFor(file.path) ?? projectDialect(ctx.projects, file.path);
      part.fragments.push(sqlFileFragment(file, choice));
      continue;
    }
    ctx.cache.addText(file.path, file.relativePath, file.text);
    if (prefilter && !SQL_KEYWORD_PREFILTER.test(file.text) && !ORM_PREFILTER.test(file.text)) {
      part.deferred.push(file.path);
      continue;
    }
    const script = parseScript(file.path, file.relativePath, file.text);
    ctx.cache.add(script);
    part.parsedScripts++;
    part.infos[file.path] = { relativePath: script.relativePath, lineStarts: script.lineStarts };
    try {
      const result = extractScript(script, ctx.cache, consumed, extractOptions);
      part.fragments.push(...result.fragments);
      part.candidates.push(...result.candidates);
      part.queryFunctions.push(...result.queryFunctions);
      part.loopCalls.push(...result.loopCalls);
      for (const orm of result.ormCallsInLoops) {
        part.dbCallsInLoops.push({ file: file.relativePath, site: orm.site, api: orm.api, loop: orm.loop, lineStarts: script.lineStarts });
      }
    } catch (error) {
      part.notes.push({ file: file.relativePath, reason: `extraction failed: ${(error as Error).message}` });
    }
  }
  part.consumed = [...consumed];
  return part;
}

/** One share of a large run, for a worker thread. */
export function extractPart(files: readonly SourceFile[], options: ExtractOptions): ExtractionPart {
  return extractFiles(files, partContext(options), true);
}

export function extractAll(files: readonly SourceFile[], options: ExtractOptions): ExtractResult {
  const ctx = partContext(options);
  return finish([extractFiles(files, ctx, true)], files, ctx);
}

/** Joins parts made from disjoint shares of `files` (see extractPart). */
export function mergeExtractions(parts: readonly ExtractionPart[], files: readonly SourceFile[], options: ExtractOptions): ExtractResult {
  return finish(parts, files, partContext(options));
}

function finish(parts: readonly ExtractionPart[], files: readonly SourceFile[], ctx: PartContext): ExtractResult {
  const all: ExtractionPart = { fragments: [], candidates: [], queryFunctions: [], loopCalls: [], dbCallsInLoops: [], consumed: [], notes: [], parsedScripts: 0, deferred: [], infos: {} };
  const absorb = (p: ExtractionPart) => {
    all.fragments.push(...p.fragments);
    all.candidates.push(...p.candidates);
    all.queryFunctions.push(...p.queryFunctions);
    all.loopCalls.push(...p.loopCalls);
    all.dbCallsInLoops.push(...p.dbCallsInLoops);
    all.consumed.push(...p.consumed);
    all.notes.push(...p.notes);
    all.parsedScripts += p.parsedScripts;
    all.deferred.push(...p.deferred);
    Object.assign(all.infos, p.infos);
  };
  parts.forEach(absorb);

  // Files without SQL matter only if they call a query helper inside a loop.
  const helperNames = [...new Set(all.queryFunctions.map((f) => f.name))].filter((n) => n.length >= 3);
  if (helperNames.length > 0 && all.deferred.length > 0) {
    const mention = new RegExp(`\\b(?:${helperNames.map(escapeRegExp).join('|')})\\s*\\(`);
    const deferred = new Set(all.deferred);
    const mentioning = files.filter((f) => deferred.has(f.path) && mention.test(f.text));
    if (mentioning.length > 0) absorb(extractFiles(mentioning, { ...ctx, onFile: undefined }, false));
  }

  const consumed = new Set(all.consumed);
  const fragments = all.fragments;
  const seenCandidates = new Set<string>();
  for (const c of all.candidates) {
    const key = `${path.resolve(ctx.cwd, c.file)}:${c.start.start}`;
    if (consumed.has(key) || seenCandidates.has(`${key}:${c.variant}`)) continue;
    seenCandidates.add(`${key}:${c.variant}`);
    fragments.push(c);
  }

  const dbCallsInLoops = [...all.dbCallsInLoops, ...resolveHelperCalls(all.loopCalls, all.queryFunctions, (file) => all.infos[file] ?? ctx.cache.info(file))];
  fragments.sort((a, b) => cmp(a.file, b.file) || a.site.start - b.site.start || a.start.start - b.start.start || a.variant - b.variant);
  dbCallsInLoops.sort((a, b) => cmp(a.file, b.file) || a.site.start - b.site.start);
  return { fragments, dbCallsInLoops, notes: all.notes, parsedScripts: all.parsedScripts };
}

function resolveHelperCalls(calls: LoopCallCandidate[], functions: QueryFunction[], info: (file: string) => ScriptInfo | undefined): DbCallInLoop[] {
  const byName = new Map<string, QueryFunction[]>();
  for (const f of functions) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const out: DbCallInLoop[] = [];
  for (const call of calls) {
    const candidates = byName.get(call.name);
    if (!candidates) continue;
    let target: QueryFunction | undefined;
    if (!call.member) {
      target = candidates.find((f) => f.file === (call.importedFrom ?? call.file));
    } else if (!COMMON_METHOD_NAMES.has(call.name) && call.name.length >= 4) {
      target = candidates.find((f) => f.file === call.file) ?? candidates[0];
    }
    if (!target) continue;
    const host = info(call.file);
    const targetScript = info(target.file);
    if (!host || !targetScript) continue;
    out.push({
      file: host.relativePath,
      site: call.site,
      api: call.api,
      via: { name: target.name, file: targetScript.relativePath, site: target.site, lineStarts: targetScript.lineStarts },
      loop: call.loop,
      lineStarts: host.lineStarts,
    });
  }
  return out;
}

function projectDialect(projects: ProjectLookup, file: string): DialectChoice {
  const facts = projects.factsFor(file);
  const d = dialectOfLibraries(facts.libraries) ?? facts.prismaProvider;
  return d ? { dialect: d, source: 'library' } : { dialect: 'postgresql', source: 'default' };
}

/** psql meta-commands (`\\connect db`, `\\i other.sql`, `\\set x 1`) are client directives, not SQL: blanked, offsets kept. */
function withoutMetaCommands(text: string): string {
  return text.includes('\\') ? text.replace(/^[ \t]*\\[a-zA-Z!].*$/gm, (line) => ' '.repeat(line.length)) : text;
}

function sqlFileFragment(file: SourceFile, choice: DialectChoice): SqlFragment {
  const sql = choice.dialect === 'postgresql' ? withoutMetaCommands(file.text) : file.text;
  return wholeTextFragment(file.relativePath, file.text, choice.dialect, choice.source, sql);
}

function memoise<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = fn(key);
    cache.set(key, value);
    return value;
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
