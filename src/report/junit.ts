/**
 * `--format junit`: JUnit XML for CI systems that render test reports (GitLab,
 * Jenkins, Azure Pipelines, CircleCI). One testsuite `sqlwarden`; one testcase per
 * file that holds queries or findings; one <failure> per finding; files that were
 * skipped become skipped testcases. Everything user-controlled is XML-escaped and
 * characters XML 1.0 cannot carry are replaced, so the output is always well-formed.
 */
import type { AnyRule } from '../core/rule.js';
import type { Diagnostic } from '../core/types.js';
import type { CheckReport } from './summary.js';

export interface JunitOptions {
  /** Files that hold at least one query (from RunResult.queries); each becomes a passing testcase when clean. */
  filesWithQueries?: readonly string[];
  /** testsuite name (default "sqlwarden"). */
  suiteName?: string;
}

/** Drops characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
export function xmlSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and tabs/newlines as character references so parsers keep them. */
export function escapeXmlAttr(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attrs(pairs: [string, string | number][]): string {
  return pairs.map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`).join('');
}

function failureText(d: Diagnostic, rules: ReadonlyMap<string, AnyRule>): string {
  const lines = [`${d.severity} ${d.ruleId} at ${d.file}:${d.line}:${d.column}`, d.message, `help: ${d.help}`];
  for (const l of d.labels ?? []) lines.push(`note: ${l.message} (${l.file}:${l.start.line}:${l.start.column})`);
  if (d.sql) lines.push(`sql: ${d.sql}`);
  const description = rules.get(d.ruleId)?.meta.description;
  lines.push(`${description ? `${description}: ` : ''}${d.docsUrl}`);
  return lines.join('\n');
}

export function formatJunit(report: CheckReport, rules: readonly AnyRule[] = [], options: JunitOptions = {}): string {
  const byRule = new Map(rules.map((r) => [r.name, r]));
  const byFile = new Map<string, Diagnostic[]>();
  for (const f of options.filesWithQueries ?? []) byFile.set(f, []);
  for (const d of report.diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const skipped = new Map<string, string>();
  for (const n of report.notes) if (!byFile.has(n.file)) skipped.set(n.file, skipped.has(n.file) ? `${skipped.get(n.file)}; ${n.reason}` : n.reason);
  const files = [...byFile.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const failures = report.diagnostics.length;
  const tests = files.length + skipped.size;
  const suite = options.suiteName ?? 'sqlwarden';

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counts: [string, string | number][] = [
    ['tests', tests],
    ['failures', failures],
    ['errors', 0],
    ['skipped', skipped.size],
  ];
  out.push(`<testsuites${attrs([['name', suite], ...counts])}>`);
  out.push(`  <testsuite${attrs([['name', suite], ...counts])}>`);
  for (const file of files) {
    const diagnostics = byFile.get(file)!;
    const head = `    <testcase${attrs([['name', file], ['classname', file], ['file', file]])}`;
    if (diagnostics.length === 0) {
      out.push(`${head}/>`);
      continue;
    }
    out.push(`${head}>`);
    for (const d of diagnostics) {
      out.push(
        `      <failure${attrs([
          ['message', `${d.file}:${d.line}:${d.column} ${d.message}`],
          ['type', d.ruleId],
        ])}>${escapeXmlText(failureText(d, byRule))}</failure>`,
      );
    }
    out.push('    </testcase>');
  }
  for (const [file, reason] of [...skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`    <testcase${attrs([['name', file], ['classname', file], ['file', file]])}>`);
    out.push(`      <skipped${attrs([['message', reason]])}/>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
