/**
 * The extract stage: source files in, SQL fragments (each with its segment map)
 * and loop facts out. Script files pass a keyword prefilter before any parse, so
 * files without SQL cost a regex test.
 */
import path from 'node:path';
import { lineStartsOf } from '../core/location.js';
import type { DbCallInLoop, Note, SourceFile, SqlFragment } from '../core/types.js';
import { BUILTIN_DETECTORS, type Detector } from './detectors.js';
import { ProjectLookup, dialectOfLibraries } from './project.js';
import { type DialectChoice, type LoopCallCandidate, type QueryFunction, extractScript } from './script-extractor.js';
import { ScriptCache, parseScript } from './scripts.js';
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

const ORM_PREFILTER = /\.(?:findMany|findUnique|findFirst|findByPk|findOneBy|findOne|findAll|findBy|upsert)\s*\(/;

export function extractAll(files: readonly SourceFile[], options: ExtractOptions): ExtractResult {
  const cwd = options.cwd;
  const cache = new ScriptCache(cwd);
  const projects = new ProjectLookup(path.parse(cwd).root);
  const detectors = [...(options.detectors ?? []), ...BUILTIN_DETECTORS];
  const dialectFor = (abs: string) => options.dialectFor?.(path.relative(cwd, abs).split(path.sep).join('/'));
  const extractOptions = { detectors, dialectFor, projectFacts: (f: string) => projects.factsFor(f) };
  const consumed = new Set<string>();
  const fragments: SqlFragment[] = [];
  const candidates: SqlFragment[] = [];
  const queryFunctions: QueryFunction[] = [];
  const loopCalls: LoopCallCandidate[] = [];
  const dbCallsInLoops: DbCallInLoop[] = [];
  const notes: Note[] = [];
  const deferred: SourceFile[] = [];
  let parsedScripts = 0;

  const scriptPaths = new Map<string, SourceFile>();
  const run = (file: SourceFile) => {
    const script = parseScript(file.path, file.relativePath, file.text);
    cache.add(script);
    parsedScripts++;
    try {
      const result = extractScript(script, cache, consumed, extractOptions);
      fragments.push(...result.fragments);
      candidates.push(...result.candidates);
      queryFunctions.push(...result.queryFunctions);
      loopCalls.push(...result.loopCalls);
      for (const orm of result.ormCallsInLoops) {
        dbCallsInLoops.push({ file: file.relativePath, site: orm.site, api: orm.api, loop: orm.loop, lineStarts: script.lineStarts });
      }
    } catch (error) {
      notes.push({ file: file.relativePath, reason: `extraction failed: ${(error as Error).message}` });
    }
  };

  for (const file of files) {
    options.onFile?.();
    if (file.kind === 'sql') {
      const choice = dialectFor(file.path) ?? projectDialect(projects, file.path);
      fragments.push(sqlFileFragment(file, choice));
      continue;
    }
    scriptPaths.set(file.path, file);
    if (SQL_KEYWORD_PREFILTER.test(file.text) || ORM_PREFILTER.test(file.text)) run(file);
    else deferred.push(file);
  }

  // Files without SQL matter only if they call a query helper inside a loop.
  const helperNames = [...new Set(queryFunctions.map((f) => f.name))].filter((n) => n.length >= 3);
  if (helperNames.length > 0) {
    const mention = new RegExp(`\\b(?:${helperNames.map(escapeRegExp).join('|')})\\s*\\(`);
    for (const file of deferred) if (mention.test(file.text)) run(file);
  }

  const seenCandidates = new Set<string>();
  for (const c of candidates) {
    const key = `${path.resolve(cwd, c.file)}:${c.start.start}`;
    if (consumed.has(key) || seenCandidates.has(`${key}:${c.variant}`)) continue;
    seenCandidates.add(`${key}:${c.variant}`);
    fragments.push(c);
  }

  dbCallsInLoops.push(...resolveHelperCalls(loopCalls, queryFunctions, cache, cwd));
  fragments.sort((a, b) => cmp(a.file, b.file) || a.site.start - b.site.start || a.start.start - b.start.start || a.variant - b.variant);
  dbCallsInLoops.sort((a, b) => cmp(a.file, b.file) || a.site.start - b.site.start);
  return { fragments, dbCallsInLoops, notes, parsedScripts };
}

function resolveHelperCalls(calls: LoopCallCandidate[], functions: QueryFunction[], cache: ScriptCache, cwd: string): DbCallInLoop[] {
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
    const host = cache.info(call.file);
    const targetScript = cache.info(target.file);
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
  void cwd;
  return out;
}

function projectDialect(projects: ProjectLookup, file: string): DialectChoice {
  const facts = projects.factsFor(file);
  const d = dialectOfLibraries(facts.libraries) ?? facts.prismaProvider;
  return d ? { dialect: d, source: 'library' } : { dialect: 'postgresql', source: 'default' };
}

function sqlFileFragment(file: SourceFile, choice: DialectChoice): SqlFragment {
  const lineStarts = lineStartsOf(file.text);
  return {
    file: file.relativePath,
    sql: file.text,
    dialect: choice.dialect,
    dialectSource: choice.source,
    library: 'sql-file',
    api: '',
    origin: 'sql-file',
    parameterises: false,
    holes: [],
    segments: [{ sqlStart: 0, fileStart: 0, length: file.text.length, source: 0 }],
    site: { start: 0, end: file.text.length },
    start: { start: 0, end: file.text.length },
    variant: 0,
    variants: 1,
    partial: false,
    sources: [{ file: file.relativePath, lineStarts }],
    context: 'statement',
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
