/**
 * The places users meet sqlwarden outside a plain `check`: a pre-commit hook on
 * staged content, a baseline for an existing code base, CI formats.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './cli.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

const RISKY = "export const purge = () => pool.query('DELETE FROM sessions');\n";
const SAFE = "export const one = (id: number) => pool.query('DELETE FROM sessions WHERE id = $1', [id]);\n";

describe('pre-commit', () => {
  it('the hook written by init fails a commit of a risky query and passes a safe one', () => {
    const dir = repo();
    const init = cli(['init', '--hook', 'git'], { cwd: dir });
    expect(init.code).toBe(0);
    const hookPath = path.join(dir, '.git/hooks/pre-commit');
    expect(readFileSync(hookPath, 'utf8')).toContain('sqlwarden check --staged');
    // The test repository has no node_modules: point the hook at this build.
    writeFileSync(hookPath, `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin/sqlwarden.js')}" check --staged\n`);
    chmodSync(hookPath, 0o755);

    writeFileSync(path.join(dir, 'risky.ts'), RISKY);
    git(dir, 'add', 'risky.ts', 'sqlwarden.config.json');
    const blocked = spawnSync('git', ['commit', '-q', '-m', 'risky'], { cwd: dir, encoding: 'utf8' });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('no-delete-without-where');

    writeFileSync(path.join(dir, 'risky.ts'), SAFE);
    git(dir, 'add', 'risky.ts');
    const passed = spawnSync('git', ['commit', '-q', '-m', 'safe'], { cwd: dir, encoding: 'utf8' });
    expect(passed.stderr).toContain('0 problems');
    expect(passed.status).toBe(0);
  });

  it('--staged reads the index, not the working tree', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'a.ts'), SAFE);
    git(dir, 'add', 'a.ts');
    writeFileSync(path.join(dir, 'a.ts'), RISKY); // unstaged edit
    const r = cli(['check', '--staged', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(cli(['check', '.', '--format', 'json'], { cwd: dir }).code).toBe(1);
  });

  it('--changed checks files changed since a ref', () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'old.ts'), RISKY);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'old');
    writeFileSync(path.join(dir, 'new.ts'), RISKY);
    const r = cli(['check', '--changed', '--base', 'HEAD', '--format', 'json'], { cwd: dir });
    const files = (JSON.parse(r.stdout).findings as { file: string }[]).map((f) => f.file);
    expect(files).toEqual(['new.ts']);
  });

  it('--staged outside a git repository is a usage error', () => {
    const r = cli(['check', '--staged'], { cwd: mkdtempSync(path.join(tmpdir(), 'sqlwarden-nogit-')) });
    expect(r.code).toBe(2);
  });
});

describe('baseline', () => {
  it('makes an old code base pass, fails a newly added risky query, survives moved lines, and reports fixed entries', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-baseline-'));
    writeFileSync(path.join(dir, 'legacy.ts'), RISKY);
    expect(cli(['check', '.'], { cwd: dir }).code).toBe(1);
    expect(cli(['baseline', '.'], { cwd: dir }).code).toBe(0);
    expect(cli(['check', '.', '--baseline', '.sqlwarden-baseline.json'], { cwd: dir }).code).toBe(0);

    // Moved down and reformatted: still the same finding.
    writeFileSync(path.join(dir, 'legacy.ts'), `// header\n\nexport const purge = () =>\n  pool.query(\n    'DELETE   FROM sessions'\n  );\n`);
    expect(cli(['check', '.', '--baseline', '.sqlwarden-baseline.json'], { cwd: dir }).code).toBe(0);

    writeFileSync(path.join(dir, 'new.ts'), "export const wipe = () => pool.query('DELETE FROM carts');\n");
    const r = cli(['check', '.', '--baseline', '.sqlwarden-baseline.json', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout).findings as { file: string }[]).map((f) => f.file)).toEqual(['new.ts']);

    writeFileSync(path.join(dir, 'legacy.ts'), SAFE);
    const fixed = cli(['check', 'legacy.ts', '--baseline', '.sqlwarden-baseline.json'], { cwd: dir });
    expect(fixed.stdout).toMatch(/fixed|no longer/i);
  });

  it('names a broken baseline file and exits 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-baseline-'));
    writeFileSync(path.join(dir, 'b.json'), '{ nope');
    const r = cli(['check', '.', '--baseline', 'b.json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b.json');
  });
});

describe('CI formats', () => {
  it('writes SARIF, GitHub annotations and JUnit for the outage app', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-ci-'));
    const sarifFile = path.join(dir, 'out.sarif');
    expect(cli(['check', 'fixtures/outage', '--format', 'sarif', '--output', sarifFile]).code).toBe(0);
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
    const gh = cli(['check', 'fixtures/outage', '--format', 'github']).stdout;
    expect(gh).toMatch(/^::warning file=fixtures\/outage\/src\/repositories\/postsRepository\.ts,line=24,/m);
    const junit = cli(['check', 'fixtures/outage', '--format', 'junit']).stdout;
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toContain('<failure');
  });
});
