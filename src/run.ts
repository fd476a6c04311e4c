/**
 * One run of the pipeline, in order: discover → extract → parse → analyse.
 * Each stage gets plain data from the one before; nothing here formats output.
 */
import path from 'node:path';
import { analyse } from './analyse/engine.js';
import type { ResolvedConfig } from './cli/config.js';
import type { Catalog } from './core/catalog.js';
import type { DbCallInLoop, Diagnostic, Note, SourceFile } from './core/types.js';
import { discover } from './discover/index.js';
import { extractAll } from './extract/index.js';
import type { ParsedQuery } from './parse/model.js';
import { initParsers, parseFragment } from './parse/index.js';
import { type RunSummary, countSeverities } from './report/summary.js';

export interface RunOptions {
  cwd: string;
  paths: readonly string[];
  config: ResolvedConfig;
  ignorePatterns?: readonly string[];
  /** Files given directly instead of discovered (staged content, editor buffers). */
  files?: readonly SourceFile[];
  /** A schema catalog for schema-aware rules. */
  catalog?: Catalog;
}

export interface RunResult {
  files: SourceFile[];
  queries: ParsedQuery[];
  diagnostics: Diagnostic[];
  notes: Note[];
  summary: RunSummary;
}

/** Literals taken only for their SQL shape must also parse; otherwise they were never SQL. */
function isHeuristic(q: ParsedQuery): boolean {
  return q.fragment.origin === 'string-literal' || q.fragment.origin === 'constant';
}

export interface ExtractedRun {
  files: SourceFile[];
  queries: ParsedQuery[];
  dbCallsInLoops: DbCallInLoop[];
  notes: Note[];
}

export async function extractAndParse(options: RunOptions): Promise<ExtractedRun> {
  const discovered = options.files
    ? { files: [...options.files], notes: [] as Note[] }
    : discover({
        cwd: options.cwd,
        paths: options.paths,
        ignorePatterns: [...options.config.exclude.map((g) => relativeGlob(options.cwd, options.config.dir, g)), ...(options.ignorePatterns ?? [])],
        ...(options.config.include ? { include: options.config.include.map((g) => relativeGlob(options.cwd, options.config.dir, g)) } : {}),
        ...(options.config.maxFileSize ? { maxFileBytes: options.config.maxFileSize } : {}),
      });
  const extracted = extractAll(discovered.files, {
    cwd: options.cwd,
    detectors: options.config.detectors,
    dialectFor: (file) => options.config.dialectFor(file),
  });
  await initParsers();
  const queries = extracted.fragments.map(parseFragment).filter((q) => !(isHeuristic(q) && q.error));
  return { files: discovered.files, queries, dbCallsInLoops: extracted.dbCallsInLoops, notes: [...discovered.notes, ...extracted.notes] };
}

export async function runCheck(options: RunOptions): Promise<RunResult> {
  const { files, queries, dbCallsInLoops, notes } = await extractAndParse(options);
  const fileTexts = new Map(files.map((f) => [f.relativePath, f.text]));
  const result = analyse(
    { queries, dbCallsInLoops, fileTexts },
    {
      rulesFor: (file) => options.config.rulesFor(file),
      isMigration: (file) => options.config.isMigration(file),
      ...(options.catalog ? { catalog: options.catalog } : {}),
      directiveRule: (file) => {
        const entry = options.config.rulesFor(file).find((r) => r.rule.name === 'unused-disable');
        return entry ? { severity: entry.severity, requireReason: Boolean((entry.options as { requireReason?: boolean }).requireReason) } : undefined;
      },
    },
  );
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
      remarks: [],
    },
  };
}

/** Config globs are relative to the config's folder; discovery matches cwd-relative paths. */
function relativeGlob(cwd: string, configDir: string, glob: string): string {
  if (glob.startsWith('**') || path.resolve(configDir) === path.resolve(cwd)) return glob;
  const prefix = path.relative(cwd, configDir).split(path.sep).join('/');
  return prefix ? `${prefix}/${glob}` : glob;
}
