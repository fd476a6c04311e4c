/**
 * The default human format, modelled on ESLint's stylish: findings grouped by
 * file as `line:col  severity  message  rule-id`, then the source line with a
 * caret under the offending token and the help, then a summary.
 */
import pc from 'picocolors';
import type { Diagnostic } from '../core/types.js';
import type { CheckReport } from './summary.js';

type Colors = Pick<typeof pc, 'red' | 'yellow' | 'dim' | 'bold' | 'underline' | 'cyan' | 'green'>;

export function colorsFor(enabled: boolean): Colors {
  return pc.createColors(enabled);
}

export function formatStylish(report: CheckReport, color: boolean): string {
  const c = colorsFor(color);
  const out: string[] = [];
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of report.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  for (const [file, diagnostics] of byFile) {
    out.push(c.underline(file));
    for (const d of diagnostics) {
      const where = `${d.line}:${d.column}`.padEnd(8);
      const level = d.severity === 'error' ? c.red('error  ') : c.yellow('warning');
      out.push(`  ${c.dim(where)}${level}  ${d.message}  ${c.dim(d.ruleId)}`);
      const frame = codeFrame(report.sourceLine(file, d.line), d);
      if (frame) {
        out.push(`          ${c.dim('│')} ${frame[0]}`);
        out.push(`          ${c.dim('│')} ${c.red(frame[1]!)}`);
      }
      for (const label of d.labels ?? []) {
        const at = label.file === d.file ? `${label.start.line}:${label.start.column}` : `${label.file}:${label.start.line}:${label.start.column}`;
        out.push(`          ${c.dim('│')} ${c.cyan('note:')} ${label.message} (${at})`);
      }
      out.push(`          ${c.dim('│')} ${c.green('help:')} ${d.help.split('\n').join(`\n          ${c.dim('│')}       `)}`);
    }
    out.push('');
  }
  for (const note of report.notes) out.push(c.dim(`note: ${note.file}: ${note.reason}`));
  if (report.notes.length > 0) out.push('');
  const s = report.summary;
  const total = s.errors + s.warnings;
  const line = `${total} problem${total === 1 ? '' : 's'} (${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'})`;
  out.push(total === 0 ? c.green(`✔ ${line}`) : s.errors > 0 ? c.red(c.bold(`✖ ${line}`)) : c.yellow(c.bold(`✖ ${line}`)));
  const parts = [`${s.files} file${s.files === 1 ? '' : 's'} read`, `${s.queries} quer${s.queries === 1 ? 'y' : 'ies'} found`, `${s.parsed} parsed`];
  if (s.suppressed > 0) parts.push(`${s.suppressed} suppressed`);
  if (s.skipped > 0) parts.push(`${s.skipped} skipped`);
  out.push(c.dim(`  ${parts.join(', ')}`));
  for (const r of s.remarks) out.push(c.dim(`  ${r}`));
  return out.join('\n') + '\n';
}

/** The source line (tabs shown as single spaces, so the caret lines up) and a caret line. */
export function codeFrame(source: string | undefined, d: Diagnostic): string[] | undefined {
  if (source === undefined) return undefined;
  const text = source.replace(/\t/g, ' ');
  const start = d.column - 1;
  const end = d.endLine === d.line ? Math.max(d.endColumn - 1, start + 1) : text.length;
  // Long lines are cut around the finding so the caret stays visible.
  const from = Math.max(0, Math.min(start - 20, text.length - 120));
  const shown = text.slice(from, Math.max(from + 120, end + 10)).trimEnd();
  const lead = shown.length - shown.trimStart().length;
  const caretStart = start - from;
  const body = shown.slice(lead);
  const caret = ' '.repeat(Math.max(0, caretStart - lead)) + '^'.repeat(Math.max(1, Math.min(end, from + shown.length) - start));
  return [(from > 0 ? '…' : '') + body, (from > 0 ? ' ' : '') + caret];
}
