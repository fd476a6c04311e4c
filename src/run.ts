/**
 * One run of the pipeline, in order: discover → extract → parse → analyse.
 * Each stage gets plain data from the one before; nothing here formats output.
 */
import path from 'node:path';
import { type AnalyseOptions, analyse } from './analyse/engine.js';
import type { ResolvedConfig } from './cli/config.js';
import type { Catalog } from './core/catalog.js';
import type { DbCallInLoop, Diagnostic, Note, SourceFile } from './core/types.js';
import { discover } from './discover/index.js';
import { extractAll } from './extract/index.js';
import { extractParallel } from './extract/parallel.js';
import type { ParsedQuery } from './parse/model.js';
import { initParsers, parseFragment } from './parse/index.js';
import type { Progress } from './report/progress.js';
import { type RunSummary, countSeverities } from './report/summary.js';
import { inferCatalogs } from './schema/index.js';

export interface RunOptions {
  cwd: string;
  paths: readonly string[];
  config: ResolvedConfig;
  ignorePatterns?: readonly string[];
  /** Files given directly instead of discovered (staged content, editor buffers). */
  files?: readonly SourceFile[];
  /** A schema catalog for schema-aware rules. */
  catalog?: Catalog;
  /** Without a catalog, build one from the DDL among the files read (schema files, then migrations). */
  autoCatalog?: boolean;
  /** Progress on stderr for long runs. */
  progress?: Progress;
}

export interface RunResult {
  timings: StageTimings;
  files: SourceFile[];
  queries: ParsedQuery[];
  diagnostics: Diagnostic[];
  notes: Note[];
  summary: RunSummary;
}

/** Literals taken only for their SQL shape must also parse; otherwise they were never SQL. */
export function isHeuristic(q: ParsedQuery): boolean {
  return q.fragment.origin === 'string-literal' || q.fragment.origin === 'constant';
}

/** Wall time per stage (ms), printed by the CLI when SQLWARDEN_TIMING is set. */
export type StageTimings = Record<string, number>;

export interface ExtractedRun {
  timings: StageTimings;
  files: SourceFile[];
  queries: ParsedQuery[];
  dbCallsInLoops: DbCallInLoop[];
  notes: Note[];
}

/** The files a run reads: given directly (staged content, editor buffers) or discovered with config globs. */
export function discoverFor(options: RunOptions): { files: SourceFile[]; notes: Note[] } {
  if (options.files) return { files: [...options.files], notes: [] };
  return discover({
    cwd: options.cwd,
    paths: options.paths,
    ignorePatterns: [...options.config.exclude.map((g) => relativeGlob(options.cwd, options.config.dir, g)), ...(options.ignorePatterns ?? [])],
    ...(options.config.include ? { include: options.config.include.map((g) => relativeGlob(options.cwd, options.config.dir, g)) } : {}),
    ...(options.config.maxFileSize ? { maxFileBytes: options.config.maxFileSize } : {}),
  });
}

/** How the analyse stage sees the config: rules per file, migrations, the catalog, directive options. */
export function analyseOptionsFor(options: RunOptions): AnalyseOptions {
  return {
    rulesFor: (file) => options.config.rulesFor(file),
    isMigration: (file) => options.config.isMigration(file),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    directiveRule: (file) => {
      const entry = options.config.rulesFor(file).find((r) => r.rule.name === 'unused-disable');
      return entry ? { severity: entry.severity, requireReason: Boolean((entry.options as { requireReason?: boolean }).requireReason) } : undefined;
    },
  };
}

export async function extractAndParse(options: RunOptions): Promise<ExtractedRun> {
  const timings: StageTimings = {};
  let clock = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    timings[stage] = (timings[stage] ?? 0) + (now - clock);
    clock = now;
  };
  const discovered = discoverFor(options);
  lap('discover');
  const progress = options.progress;
  progress?.start('extracting', discovered.files.length);
  const extractOptions = {
    cwd: options.cwd,
    detectors: options.config.detectors,
    dialectFor: (file: string) => options.config.dialectFor(file),
    ...(progress?.enabled ? { onFile: () => progress.tick() } : {}),
  };
  // Files read from disk can be shared out to worker threads; in-memory buffers stay on this thread.
  const extracted = options.files ? extractAll(discovered.files, extractOptions) : await extractParallel(discovered.files, extractOptions);
  lap('extract');
  await initParsers();
  progress?.start('parsing', extracted.fragments.length, 'queries');
  const queries: ParsedQuery[] = [];
  for (const fragment of extracted.fragments) {
    const q = parseFragment(fragment);
    if (!(isHeuristic(q) && q.error)) queries.push(q);
    progress?.tick();
  }
  progress?.done();
  lap('parse');
  return { timings, files: discovered.files, queries, dbCallsInLoops: extracted.dbCallsInLoops, notes: [...discovered.notes, ...extracted.notes] };
}

export async function runCheck(options: RunOptions): Promise<RunResult> {
  const { timings, files, queries, dbCallsInLoops, notes } = await extractAndParse(options);
  let clock = performance.now();
  const fileTexts = new Map(files.map((f) => [f.relativePath, f.text]));
  const remarks: string[] = [];
  let catalogFor: ((file: string) => Catalog | undefined) | undefined;
  if (!options.catalog && options.autoCatalog) {
    const inferred = await inferCatalogs(files, { cwd: options.cwd, dialectFor: (file) => options.config.dialectFor(file)?.dialect });
    if (inferred) {
      catalogFor = inferred.catalogFor;
      remarks.push(...inferred.descriptions);
      notes.push(...inferred.notes.map((reason) => ({ file: 'schema', reason })));
    }
    timings['schema'] = performance.now() - clock;
  }
  clock = performance.now();
  const result = analyse({ queries, dbCallsInLoops, fileTexts }, { ...analyseOptionsFor(options), ...(catalogFor ? { catalogFor } : {}) });
  timings['analyse'] = performance.now() - clock;
  notes.push(...result.failures);
  const counts = countSeverities(result.diagnostics);
  return {
    timings,
    files,
    queries,
    diagnostics: result.diagnostics,
    notes,
    summary: {
      files: files.length,
      queries: queries.length,
      parsed: queries.filter((q) => !q.error).length,
      ...counts,
      suppressed: result.suppressed,
      skipped: notes.length,
      remarks,
    },
  };
}

/** Config globs are relative to the config's folder; discovery matches cwd-relative paths. */
function relativeGlob(cwd: string, configDir: string, glob: string): string {
  if (glob.startsWith('**') || path.resolve(configDir) === path.resolve(cwd)) return glob;
  const prefix = path.relative(cwd, configDir).split(path.sep).join('/');
  return prefix ? `${prefix}/${glob}` : glob;
}
