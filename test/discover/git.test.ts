import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitError, changedFiles, resolveBase, stagedFiles } from '../../src/discover/git.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: ENV, encoding: 'utf8' });
}

function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  roots.push(dir);
  return dir;
}

function repo(): string {
  const dir = tempDir('sqlwarden-git-');
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

function write(root: string, rel: string, text: string | Buffer): void {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

describe('stagedFiles', () => {
  let root: string;
  beforeAll(() => {
    root = repo();
    write(root, 'src/unchanged.ts', "export const a = 'SELECT 1';\n");
    write(root, 'src/edited.ts', "export const q = 'SELECT * FROM committed';\n");
    write(root, 'src/removed.ts', 'export {};\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'init');

    write(root, 'src/edited.ts', "export const q = 'SELECT * FROM staged';\n");
    write(root, 'src/dir with space/ünï cödé.ts', "\uFEFFexport const u = 'DELETE FROM users';\n");
    write(root, 'migrations/001.sql', 'DROP TABLE t;\n');
    write(root, 'README.md', '# not lintable\n');
    write(root, 'types/x.d.ts', 'declare const x: number;\n');
    write(root, 'src/binary.js', Buffer.from([0x63, 0x6f, 0, 0x6e, 0x73, 0x74]));
    write(root, 'src/latin1.ts', Buffer.from([0x63, 0xe9, 0x0a]));
    git(root, 'add', '-A', '--', '.');
    git(root, 'rm', '-q', '--cached', 'src/removed.ts');
    // Staged content differs from the working tree.
    write(root, 'src/edited.ts', "export const q = 'SELECT * FROM working_tree';\n");
    write(root, 'src/untracked.ts', "export const z = 'SELECT 2';\n");
  });

  it('returns the index content of staged lintable files, not the working tree', () => {
    const { files, notes } = stagedFiles(root);
    expect(files.map((f) => f.relativePath)).toEqual(['migrations/001.sql', 'src/dir with space/ünï cödé.ts', 'src/edited.ts']);
    const edited = files.find((f) => f.relativePath === 'src/edited.ts')!;
    expect(edited.text).toBe("export const q = 'SELECT * FROM staged';\n");
    expect(edited.path).toBe(path.join(root, 'src/edited.ts'));
    expect(edited.kind).toBe('script');
    expect(files[0]!.kind).toBe('sql');
    expect(files[1]!.text).toBe("export const u = 'DELETE FROM users';\n");
    expect(notes).toEqual(
      expect.arrayContaining([
        { file: 'src/binary.js', reason: 'skipped: binary file' },
        { file: 'src/latin1.ts', reason: 'skipped: not valid UTF-8' },
      ]),
    );
  });

  it('paths are relative to cwd and limited to it when run in a subfolder', () => {
    const { files } = stagedFiles(path.join(root, 'src'));
    expect(files.map((f) => f.relativePath)).toEqual(['dir with space/ünï cödé.ts', 'edited.ts']);
    expect(stagedFiles(root, { paths: ['migrations'] }).files.map((f) => f.relativePath)).toEqual(['migrations/001.sql']);
  });

  it('returns nothing when nothing is staged', () => {
    const clean = repo();
    write(clean, 'a.ts', 'export {};\n');
    expect(stagedFiles(clean)).toEqual({ files: [], notes: [] });
  });
});

describe('changedFiles', () => {
  let root: string;
  beforeAll(() => {
    root = repo();
    write(root, 'base.ts', "export const b = 'SELECT 1';\n");
    write(root, 'stays.ts', "export const s = 'SELECT 1';\n");
    write(root, 'gone.ts', 'export {};\n');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'base');
    git(root, 'checkout', '-q', '-b', 'feature');
    write(root, 'base.ts', "export const b = 'SELECT * FROM committed_on_branch';\n");
    write(root, 'feature file.ts', "export const f = 'SELECT 2';\n");
    rmSync(path.join(root, 'gone.ts'));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'feature');
    write(root, 'base.ts', "export const b = 'SELECT * FROM working_tree';\n");
    write(root, 'new-untracked.mjs', "export const n = 'SELECT 3';\n");
    write(root, 'notes.txt', 'not lintable\n');
  });

  it('defaults to the merge base with main and reads the working tree', () => {
    const r = changedFiles(root);
    expect(r.baseDescription).toBe('merge base of main and HEAD');
    expect(r.base).toBe(git(root, 'rev-parse', 'main').trim());
    expect(r.files.map((f) => f.relativePath)).toEqual(['base.ts', 'feature file.ts', 'new-untracked.mjs']);
    expect(r.files[0]!.text).toBe("export const b = 'SELECT * FROM working_tree';\n");
  });

  it('prefers origin/HEAD, and takes an explicit --base', () => {
    const clone = tempDir('sqlwarden-clone-');
    git(clone, 'clone', '-q', root, 'c');
    const c = path.join(clone, 'c');
    git(c, 'checkout', '-q', '-b', 'work', 'origin/main');
    write(c, 'x.ts', 'export {};\n');
    expect(changedFiles(c).baseDescription).toBe('merge base of origin/HEAD and HEAD');
    expect(changedFiles(c).files.map((f) => f.relativePath)).toEqual(['x.ts']);

    const r = changedFiles(root, 'HEAD');
    expect(r.baseDescription).toBe('merge base of HEAD and HEAD');
    expect(r.files.map((f) => f.relativePath)).toEqual(['base.ts', 'new-untracked.mjs']);
    expect(() => changedFiles(root, 'no-such-branch')).toThrow(/--base no-such-branch: no such commit/);
  });

  it('falls back to HEAD, then to the empty tree, and says so', () => {
    const r = repo();
    write(r, 'a.ts', 'export {};\n');
    expect(resolveBase(r).description).toMatch(/empty tree/);
    expect(changedFiles(r).files.map((f) => f.relativePath)).toEqual(['a.ts']);
    git(r, 'add', '-A');
    git(r, 'commit', '-q', '-m', 'x');
    git(r, 'branch', '-q', '-m', 'trunk');
    write(r, 'b.ts', 'export {};\n');
    const fallback = changedFiles(r);
    expect(fallback.baseDescription).toMatch(/^HEAD \(none of origin\/HEAD, origin\/main, main, origin\/master, master exists/);
    expect(fallback.files.map((f) => f.relativePath)).toEqual(['b.ts']);
  });
});

describe('outside a repository', () => {
  it('gives a clear error', () => {
    const dir = tempDir('sqlwarden-nogit-');
    process.env.GIT_CEILING_DIRECTORIES = path.dirname(dir);
    try {
      expect(() => stagedFiles(dir)).toThrow(GitError);
      expect(() => stagedFiles(dir)).toThrow(`${dir} is not inside a git repository`);
      expect(() => changedFiles(dir)).toThrow(/is not inside a git repository/);
    } finally {
      delete process.env.GIT_CEILING_DIRECTORIES;
    }
  });
});
