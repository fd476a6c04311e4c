/**
 * One run of the pipeline, in order: discover → extract → parse → analyse.
 * Each stage gets plain data from the one before; nothing here formats output.
 */
import path from 'node:path';
import { type AnalyseOptions, analyse } from './analyse/engine.js';
import type { ResolvedConfig } from './cli/config.js';
import type { Catalog } from './core/catalog.js';
import type { DbCallInLoop, Diagnostic, Note, SourceFile, SqlFragment } from './core/types.js';
import { discover } from './discover/index.js';
import { extractAll } from './extract/index.js';
import type { ParsedQuery } from './parse/model.js';
import { initParsers, parseFragment } from './parse/index.js';
import { ParsePool } from './parse/pool.js';
import { availableParallelism } from 'node:os';
import type { Progress } from './report/progress.js';
import { type RunSummary, countSeverities } from './report/summary.js';
import { catalogFromFiles } from './schema/index.js';

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

/** Below this many files a worker's start-up costs more than it saves. */
const PARSE_POOL_MIN_FILES = 400;

export interface ExtractedRun {
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
  const discovered = discoverFor(options);
  const progress = options.progress;
  progress?.start('extracting', discovered.files.length);
  // Large runs parse in a worker while extraction goes on; small ones (pre-commit, editors) stay on one thread.
  const pool = discovered.files.length >= PARSE_POOL_MIN_FILES && availableParallelism() > 1 ? new ParsePool(Math.min(2, availableParallelism() - 1)) : undefined;
  const early = new Map<SqlFragment, Promise<ParsedQuery>>();
  const extracted = extractAll(discovered.files, {
    cwd: options.cwd,
    detectors: options.config.detectors,
    dialectFor: (file) => options.config.dialectFor(file),
    ...(progress?.enabled ? { onFile: () => progress.tick() } : {}),
    ...(pool
      ? {
          onFragments: (batch: SqlFragment[]) => {
            const parsed = pool.parse(batch);
            batch.forEach((f, i) => early.set(f, parsed.then((r) => r[i]!)));
          },
        }
      : {}),
  });
  await initParsers();
  progress?.start('parsing', extracted.fragments.length, 'queries');
  const queries: ParsedQuery[] = [];
  try {
    for (const fragment of extracted.fragments) {
      const q = (await early.get(fragment)) ?? parseFragment(fragment);
      if (!(isHeuristic(q) && q.error)) queries.push(q);
      progress?.tick();
    }
  } finally {
    await pool?.close();
  }
  progress?.done();
  return { files: discovered.files, queries, dbCallsInLoops: extracted.dbCallsInLoops, notes: [...discovered.notes, ...extracted.notes] };
}

export async function runCheck(options: RunOptions): Promise<RunResult> {
  const { files, queries, dbCallsInLoops, notes } = await extractAndParse(options);
  const fileTexts = new Map(files.map((f) => [f.relativePath, f.text]));
  const remarks: string[] = [];
  let catalog = options.catalog;
  if (!catalog && options.autoCatalog) {
    const built = await catalogFromFiles(files, { cwd: options.cwd, dialectFor: (file) => options.config.dialectFor(file)?.dialect });
    if (built) {
      catalog = { ...built.catalog, inferred: true };
      remarks.push(built.description);
      notes.push(...built.notes.map((reason) => ({ file: 'schema', reason })));
    }
  }
  const result = analyse({ queries, dbCallsInLoops, fileTexts }, analyseOptionsFor({ ...options, ...(catalog ? { catalog } : {}) }));
  const counts = countSeverities(result.diagnostics);
  return {
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
