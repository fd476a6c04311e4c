/** Machine formats: findings for `check`, queries for `extract`. Field names are a public contract. */
import type { Diagnostic } from '../core/types.js';
import type { CheckReport } from './summary.js';

export function findingJson(d: Diagnostic): Record<string, unknown> {
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    message: d.message,
    help: d.help,
    docsUrl: d.docsUrl,
    evidence: d.evidence,
    ...(d.labels ? { labels: d.labels } : {}),
  };
}

export function formatJson(report: CheckReport): string {
  const s = report.summary;
  return (
    JSON.stringify(
      {
        findings: report.diagnostics.map(findingJson),
        summary: {
          files: s.files,
          queries: s.queries,
          parsed: s.parsed,
          errors: s.errors,
          warnings: s.warnings,
          suppressed: s.suppressed,
          skipped: report.notes.map((n) => ({ file: n.file, reason: n.reason })),
          remarks: s.remarks,
        },
      },
      null,
      2,
    ) + '\n'
  );
}

export interface ExtractedQuery {
  file: string;
  line: number;
  column: number;
  sql: string;
  library: string;
  dialect: string;
  api: string;
  parsed: boolean;
  error?: string;
}

export function formatExtractJson(queries: readonly ExtractedQuery[]): string {
  return JSON.stringify({ queries }, null, 2) + '\n';
}
