/**
 * libpg-query is ready synchronously: ESLint 8 require()s the plugin and lints
 * in the same synchronous run, so Postgres findings must be there on the very
 * first file. Each case runs in a fresh Node process (built plugin).
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuild } from './build.js';

interface Reply {
  state: string;
  first: { ruleId: string; line: number; column: number; message: string }[];
  later?: { ruleId: string; line: number; column: number; message: string }[];
}

/** A CommonJS script run in ROOT (packages resolve from there): everything up to the first verify() runs without yielding to the event loop. */
function run(prelude: string, waitThenAgain = false): Reply {
  const script = `
    const path = require('node:path');
    const ROOT = ${JSON.stringify(ROOT)};
    ${prelude}
    const plugin = require('eslint-plugin-sqlwarden');
    const { pgLoadState } = require(path.join(ROOT, 'dist/src/eslint/index.js'));
    const { Linter } = require('eslint');
    const linter = new Linter({ cwd: ROOT });
    linter.defineParser('ts', require('@typescript-eslint/parser'));
    for (const [name, rule] of Object.entries(plugin.rules)) linter.defineRule('sqlwarden/' + name, rule);
    const config = { parser: 'ts', parserOptions: { ecmaVersion: 'latest', sourceType: 'module' }, rules: plugin.configs.recommended.rules };
    const code = "await pool.query('SELECT * FROM users');\\nawait pool.query('SELECT id FROM users WHERE id = $1 ORDER created_at', [id]);\\n";
    const lint = () => linter.verify(code, config, { filename: path.join(ROOT, 'src/example.ts') }).map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column, message: m.message }));
    const reply = { state: pgLoadState().state, first: lint() };
    if (${waitThenAgain}) setTimeout(() => { reply.later = lint(); console.log(JSON.stringify(reply)); }, 1000);
    else console.log(JSON.stringify(reply));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as Reply;
}

describe('synchronous libpg-query', () => {
  beforeAll(() => ensureBuild(), 120_000);

  it('ESLint 8 (require + lint in one synchronous run) gets Postgres findings on the first file', () => {
    const reply = run('');
    expect(reply.state).toBe('sync');
    expect(reply.first).toEqual([
      { ruleId: 'sqlwarden/no-unbounded-select', line: 1, column: 19, message: 'SELECT reads every row of "users": no WHERE and no LIMIT' },
      { ruleId: 'sqlwarden/no-select-star', line: 1, column: 26, message: 'SELECT * fetches every column of "users"' },
      { ruleId: 'sqlwarden/parse-error', line: 2, column: 60, message: 'SQL does not parse as postgresql: syntax error at or near "created_at"' },
    ]);
  });

  it('when libpg-query was loaded before the plugin, an early lint reports it instead of going silent, and later lints are complete', () => {
    const reply = run(`require(path.join(ROOT, 'dist/src/api.js'));`, true);
    expect(reply.state).toBe('preloaded');
    expect(reply.first.map((m) => m.ruleId)).toEqual(['sqlwarden/parse-error', 'sqlwarden/parse-error']);
    expect(reply.first[0]!.message).toMatch(/libpg-query is not loaded/);
    expect(reply.later!.map((m) => m.ruleId)).toEqual(['sqlwarden/no-unbounded-select', 'sqlwarden/no-select-star', 'sqlwarden/parse-error']);
  });
});
