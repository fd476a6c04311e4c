import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { GITHUB_ANNOTATION_LIMIT, annotation, escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { diagnostic, lintReport, reportOf } from './helpers.js';

/** Undoes GitHub's escaping, as the runner does. */
function unescape(s: string): string {
  return s.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

describe('github escaping', () => {
  it('escapes data: %, CR and LF', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });

  it('escapes properties: also : and ,', () => {
    expect(escapeProperty('C:\\a,b%\n')).toBe('C%3A\\a%2Cb%25%0A');
  });

  it('round-trips through the runner unescaping, % first', () => {
    for (const s of ['%0A literal', 'a%2Cb', '::error::x', 'multi\nline\r\n', 'ünï, cödé: 100%']) {
      expect(unescape(escapeProperty(s))).toBe(s);
      expect(unescape(escapeData(s))).toBe(s);
    }
  });
});

describe('formatGithub', () => {
  it('writes one workflow command per finding with position properties and rule title', async () => {
    const report = await lintReport();
    const lines = formatGithub(report, ALL_RULES).split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(report.diagnostics.length);
    for (const [i, d] of report.diagnostics.entries()) {
      expect(commands[i]).toBe(
        `::${d.severity} file=src/db/users.ts,line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${d.ruleId}::${escapeData(`${d.message}\n${d.help}`)}`,
      );
      expect(commands[i]).not.toMatch(/[\r\n]/);
    }
  });

  it('escapes file names and multi-line messages so a finding cannot inject a command', () => {
    const d = diagnostic({ file: 'src/we,ird:name%.ts', message: 'line one\n::error::injected', help: 'fix: it, 100%' });
    const line = annotation(d);
    expect(line).toBe('::warning file=src/we%2Cird%3Aname%25.ts,line=3,col=5,endLine=3,endColumn=6,title=no-select-star::line one%0A::error::injected%0Afix: it, 100%25');
    expect(formatGithub(reportOf([d])).split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
  });

  it('summarises counts by rule', async () => {
    const report = await lintReport();
    const text = formatGithub(report, ALL_RULES);
    expect(text).toMatch(/^sqlwarden: \d+ problems \(\d+ errors?, \d+ warnings?\) in 1 file, 3 queries$/m);
    for (const id of new Set(report.diagnostics.map((d) => d.ruleId))) expect(text).toMatch(new RegExp(`^  ${id}\\s+\\d+  \\(`, 'm'));
    expect(text).not.toContain('not annotated');
  });

  it('says when GitHub will not show every annotation', () => {
    const many = Array.from({ length: 13 }, (_, i) => diagnostic({ line: i + 1, severity: 'error', ruleId: 'no-delete-without-where' }));
    const text = formatGithub(reportOf([...many, diagnostic()]), ALL_RULES);
    expect(text.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(13);
    expect(text).toMatch(new RegExp(`only the first ${GITHUB_ANNOTATION_LIMIT} error and ${GITHUB_ANNOTATION_LIMIT} warning annotations`));
    expect(text).toContain('3 findings are not annotated');
    expect(text).toMatch(/no-delete-without-where\s+13 +\(13 errors\)/);
  });

  it('reports a clean run and skipped files as plain lines', () => {
    const text = formatGithub(reportOf([], [{ file: 'big.ts', reason: 'skipped: binary file' }]));
    expect(text).toBe('sqlwarden: 0 problems (0 errors, 0 warnings) in 1 file, 3 queries\nnote: big.ts: skipped: binary file\n');
  });
});
