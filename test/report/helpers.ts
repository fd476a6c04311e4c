import { lintText } from '../../src/api.js';
import type { Diagnostic, Note } from '../../src/core/types.js';
import type { CheckReport } from '../../src/report/summary.js';
import { countSeverities } from '../../src/report/summary.js';

export const SNIPPET = `import { Pool } from 'pg';
const pool = new Pool();

export async function load(ids: string[], name: string) {
  for (const id of ids) {
    await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  }
  await pool.query(\`SELECT id FROM users WHERE name = '\${name}'\`);
  await pool.query('DELETE FROM users');
}
`;

export function reportOf(diagnostics: readonly Diagnostic[], notes: readonly Note[] = [], extra: Partial<CheckReport['summary']> = {}): CheckReport {
  return {
    diagnostics,
    notes,
    summary: { files: 1, queries: 3, parsed: 3, ...countSeverities(diagnostics), suppressed: 0, skipped: notes.length, remarks: [], ...extra },
    sourceLine: () => undefined,
  };
}

export async function lintReport(code = SNIPPET, filename = 'src/db/users.ts'): Promise<CheckReport> {
  const r = await lintText(code, { filename, cwd: '/virtual/project' });
  return reportOf(r.diagnostics, [], { files: r.summary.files, queries: r.summary.queries, parsed: r.summary.parsed });
}

export function diagnostic(over: Partial<Diagnostic> = {}): Diagnostic {
  return {
    ruleId: 'no-select-star',
    severity: 'warning',
    message: 'SELECT * fetches every column of "users"',
    help: 'List the columns the code reads.',
    file: 'src/a.ts',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 6,
    docsUrl: 'https://github.com/sqlwarden/sqlwarden/blob/main/docs/rules/no-select-star.md',
    evidence: 'heuristic',
    fingerprint: 'abc123',
    ...over,
  };
}
