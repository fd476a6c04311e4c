/**
 * One analysis per file for all sqlwarden rules, and an internal failure of the
 * pipeline is a parse-error finding, never an ESLint crash.
 */
import plugin from '../../src/eslint/index.js';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint9';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Extract from '../../src/extract/index.js';

const calls = vi.hoisted(() => ({ extract: 0, fail: false }));

vi.mock('../../src/extract/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof Extract>();
  return {
    ...original,
    extractAll: (...args: Parameters<typeof original.extractAll>) => {
      calls.extract++;
      if (calls.fail) throw new Error('boom in extraction');
      return original.extractAll(...args);
    },
  };
});

const ROOT = path.resolve(import.meta.dirname, '../..');
const filename = path.join(ROOT, 'test/eslint/example.ts');

function lint(code: string, rules: Linter.RulesRecord) {
  return new Linter({ cwd: ROOT }).verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { sqlwarden: plugin }, rules } as unknown as Linter.Config], filename);
}

afterEach(() => {
  calls.extract = 0;
  calls.fail = false;
});

describe('one analysis per file', () => {
  it('runs extraction once for all enabled rules, and reports each finding under its own rule', () => {
    const code = "for (const id of ids) await pool.query('SELECT * FROM users');\nawait pool.query('DELETE FROM sessions');";
    const messages = lint(code, plugin.configs['flat/recommended'].rules as Linter.RulesRecord);
    expect(calls.extract).toBe(1);
    expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual([
      '1:29 sqlwarden/no-query-in-loop',
      '1:41 sqlwarden/no-unbounded-select',
      '1:48 sqlwarden/no-select-star',
      '2:19 sqlwarden/no-delete-without-where',
    ]);
  });

  it('runs again for the next file', () => {
    lint("await pool.query('SELECT * FROM users');", { 'sqlwarden/no-select-star': 'error' });
    lint("await pool.query('SELECT * FROM users');", { 'sqlwarden/no-select-star': 'error' });
    expect(calls.extract).toBe(2);
  });

  it('re-analyses on every fix pass (new text, new SourceCode)', () => {
    const linter = new Linter({ cwd: ROOT });
    const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { sqlwarden: plugin }, rules: { 'sqlwarden/no-select-star': 'error', semi: 'error' } } as unknown as Linter.Config];
    const out = linter.verifyAndFix("await pool.query('SELECT * FROM users')", config, filename);
    expect(out.output).toBe("await pool.query('SELECT * FROM users');");
    expect(out.messages.map((m) => m.ruleId)).toEqual(['sqlwarden/no-select-star']);
    expect(calls.extract).toBe(2);
  });
});

describe('an internal failure', () => {
  it('is a parse-error finding on line 1, not a crash', () => {
    calls.fail = true;
    const messages = lint("await pool.query('SELECT * FROM users');", { 'sqlwarden/no-select-star': 'error', 'sqlwarden/parse-error': 'warn' });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'sqlwarden/parse-error', messageId: 'parseError', line: 1, column: 1, severity: 1 });
    expect(messages[0]!.message).toBe('sqlwarden could not analyse this file: boom in extraction');
  });

  it('is a process warning when parse-error is off', () => {
    calls.fail = true;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    expect(lint("await pool.query('SELECT * FROM users');", { 'sqlwarden/no-select-star': 'error' })).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('boom in extraction'), 'SqlwardenWarning');
    warn.mockRestore();
  });
});
