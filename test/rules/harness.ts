/**
 * Rule test tables in the style of ESLint's RuleTester: `valid` cases must
 * yield no finding of the rule, `invalid` cases exactly the listed ones, with
 * positions checked where given. Each case runs the whole pipeline on a string.
 */
import { describe, expect, it } from 'vitest';
import { lintText } from '../../src/api.js';
import type { Diagnostic, Dialect } from '../../src/core/types.js';

export interface Case {
  code: string;
  /** 'ts' by default; 'sql' lints the code as a .sql file. */
  language?: 'ts' | 'sql';
  dialect?: Dialect;
  options?: Record<string, unknown>;
  filename?: string;
  /** Extra config (e.g. migrations globs). */
  config?: Record<string, unknown>;
  /** DDL describing the database, for schema-aware rules. */
  schema?: string;
  name?: string;
}

export interface ExpectedFinding {
  messageId?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** A substring the message must contain. */
  message?: string;
}

export interface InvalidCase extends Case {
  errors: ExpectedFinding[];
}

export async function findingsOf(rule: string, c: Case): Promise<Diagnostic[]> {
  const filename = c.filename ?? (c.language === 'sql' ? 'example.sql' : 'example.ts');
  const result = await lintText(c.code, {
    filename,
    ...(c.dialect ? { dialect: c.dialect } : {}),
    ...(c.schema !== undefined ? { schemaSql: c.schema } : {}),
    config: { ...(c.config ?? {}), rules: { ...((c.config?.rules as object) ?? {}), [rule]: c.options ? ['error', c.options] : 'error' } } as never,
  });
  return result.diagnostics.filter((d) => d.ruleId === rule);
}

function title(c: Case): string {
  return c.name ?? c.code.replace(/\s+/g, ' ').trim().slice(0, 90);
}

export function ruleTester(rule: string, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(rule, () => {
    // An empty table would be an empty suite, which vitest reports as a failure.
    describe.skipIf(cases.valid.length === 0)('valid', () => {
      for (const c of cases.valid) {
        it(title(c), async () => {
          const found = await findingsOf(rule, c);
          expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
        });
      }
    });
    describe.skipIf(cases.invalid.length === 0)('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), async () => {
          const found = await findingsOf(rule, c);
          expect(found.length, found.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n')).toBe(c.errors.length);
          c.errors.forEach((e, i) => {
            const d = found[i]!;
            if (e.messageId !== undefined) expect(d.messageId).toBe(e.messageId);
            if (e.line !== undefined) expect(d.line).toBe(e.line);
            if (e.column !== undefined) expect(d.column).toBe(e.column);
            if (e.endLine !== undefined) expect(d.endLine).toBe(e.endLine);
            if (e.endColumn !== undefined) expect(d.endColumn).toBe(e.endColumn);
            if (e.message !== undefined) expect(d.message).toContain(e.message);
          });
        });
      }
    });
  });
}
