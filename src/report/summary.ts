import type { Diagnostic, Note } from '../core/types.js';

/** Counts a run reports in every format. */
export interface RunSummary {
  files: number;
  queries: number;
  parsed: number;
  errors: number;
  warnings: number;
  suppressed: number;
  skipped: number;
  /** Where the dialect or schema came from, shown once per run (e.g. "schema: built from 3 migrations"). */
  remarks: string[];
}

export interface CheckReport {
  diagnostics: readonly Diagnostic[];
  notes: readonly Note[];
  summary: RunSummary;
  /** Lines of the files that have findings, for code frames. */
  sourceLine: (file: string, line: number) => string | undefined;
}

export function countSeverities(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}
