/**
 * `--format github`: GitHub Actions workflow commands, one annotation per finding
 * (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::<message>%0A<help>`),
 * then a plain summary. GitHub shows only the first 10 error and 10 warning
 * annotations of a step, so the summary counts findings by rule and says when
 * some were not annotated.
 */
import type { AnyRule } from '../core/rule.js';
import type { Diagnostic } from '../core/types.js';
import type { CheckReport } from './summary.js';

/** Annotations GitHub shows per type (error, warning) and step. */
export const GITHUB_ANNOTATION_LIMIT = 10;

/** Escapes a command's message (data), as @actions/core does. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: the data escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(d: Diagnostic): string {
  const props: [string, string | number][] = [
    ['file', d.file],
    ['line', d.line],
    ['col', d.column],
    ['endLine', d.endLine],
    ['endColumn', d.endColumn],
    ['title', d.ruleId],
  ];
  const text = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  const body = d.help ? `${d.message}\n${d.help}` : d.message;
  return `::${d.severity === 'error' ? 'error' : 'warning'} ${text}::${escapeData(body)}`;
}

/**
 * A workflow command is recognised at the start of a line; a summary line that
 * happened to start with `::` (a file name, say) is made inert.
 */
function plain(line: string): string {
  const one = line.replace(/[\r\n]+/g, ' ');
  return one.startsWith('::') ? ` ${one}` : one;
}

export function formatGithub(report: CheckReport, rules: readonly AnyRule[] = []): string {
  const out: string[] = report.diagnostics.map(annotation);
  const s = report.summary;
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.length - errors;
  const total = errors + warnings;
  out.push(plain(`sqlwarden: ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${s.files} file${s.files === 1 ? '' : 's'}, ${s.queries} quer${s.queries === 1 ? 'y' : 'ies'}`));
  if (total > 0) {
    const byRule = new Map<string, { errors: number; warnings: number }>();
    for (const d of report.diagnostics) {
      const c = byRule.get(d.ruleId) ?? { errors: 0, warnings: 0 };
      if (d.severity === 'error') c.errors++;
      else c.warnings++;
      byRule.set(d.ruleId, c);
    }
    const known = new Map(rules.map((r) => [r.name, r]));
    const ids = [...byRule.keys()].sort();
    const width = Math.max(...ids.map((id) => id.length));
    for (const id of ids) {
      const c = byRule.get(id)!;
      const n = c.errors + c.warnings;
      const kinds = [c.errors ? `${c.errors} error${c.errors === 1 ? '' : 's'}` : '', c.warnings ? `${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
      const description = known.get(id)?.meta.description;
      out.push(plain(`  ${id.padEnd(width)}  ${String(n).padStart(4)}  (${kinds})${description ? `  ${description}` : ''}`));
    }
  }
  if (errors > GITHUB_ANNOTATION_LIMIT || warnings > GITHUB_ANNOTATION_LIMIT) {
    const hidden = Math.max(0, errors - GITHUB_ANNOTATION_LIMIT) + Math.max(0, warnings - GITHUB_ANNOTATION_LIMIT);
    out.push(
      `note: GitHub shows only the first ${GITHUB_ANNOTATION_LIMIT} error and ${GITHUB_ANNOTATION_LIMIT} warning annotations of a step; ` +
        `${hidden} finding${hidden === 1 ? ' is' : 's are'} not annotated. Every finding is listed above in this log; ` +
        'upload SARIF (--format sarif) to see them all in code scanning.',
    );
  }
  if (s.suppressed > 0) out.push(`  ${s.suppressed} suppressed by sqlwarden-disable comments`);
  for (const n of report.notes) out.push(plain(`note: ${n.file}: ${n.reason}`));
  return out.join('\n') + '\n';
}
