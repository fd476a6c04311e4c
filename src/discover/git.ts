/**
 * Files from git instead of a folder walk, for `check --staged` (pre-commit) and
 * `check --changed [--base <ref>]` (pull requests).
 *
 * - stagedFiles: the content in the git index (what will be committed), read with
 *   `git cat-file --batch` by blob id, not the working tree.
 * - changedFiles: files added, copied, modified or renamed since the merge base of
 *   a ref and HEAD (committed, staged or not), plus untracked files not ignored;
 *   read from the working tree.
 *
 * git runs through execFileSync/spawnSync (no shell); names are read with -z, so
 * spaces, quotes, newlines and non-ASCII names come through unchanged. Only files
 * under `cwd` with a lintable extension (isLintable) are returned.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Note, SourceFile } from '../core/types.js';
import { DEFAULT_MAX_FILE_BYTES, SQL_EXTENSIONS, isLintable, toRelative } from './index.js';

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

export interface GitFilesOptions {
  /** Keep only files at or under these paths (relative to cwd). */
  paths?: readonly string[];
  maxFileBytes?: number;
}

export interface GitFilesResult {
  files: SourceFile[];
  notes: Note[];
}

export interface ChangedFilesResult extends GitFilesResult {
  /** The commit compared against (merge base), or the empty tree in a repository without commits. */
  base: string;
  /** How the base was chosen, for --debug and remarks (e.g. "merge base of origin/HEAD and HEAD"). */
  baseDescription: string;
}

/** git's empty tree: the base of a repository without commits. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const DEFAULT_BASES = ['origin/HEAD', 'origin/main', 'main', 'origin/master', 'master'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface GitRun {
  status: number;
  stdout: Buffer;
  stderr: string;
}

function git(cwd: string, args: readonly string[], input?: Buffer | string): GitRun {
  const r = spawnSync('git', [...args], {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
    windowsHide: true,
  });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new GitError('git is not installed or not on PATH (needed for --staged and --changed)');
    throw new GitError(`could not run git: ${r.error.message}`);
  }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString('utf8').trim() };
}

function gitOk(cwd: string, args: readonly string[], input?: Buffer | string): Buffer {
  const r = git(cwd, args, input);
  if (r.status !== 0) throw new GitError(`git ${args[0]} failed: ${r.stderr || `exit code ${r.status}`}`);
  return r.stdout;
}

/** The repository's top folder; a clear error outside a work tree. */
export function repositoryRoot(cwd: string): string {
  const r = git(cwd, ['rev-parse', '--show-toplevel']);
  if (r.status !== 0) {
    if (/not a git repository/i.test(r.stderr)) throw new GitError(`${path.resolve(cwd)} is not inside a git repository (--staged and --changed need one)`);
    throw new GitError(`cannot find the git repository for ${path.resolve(cwd)}: ${r.stderr || `exit code ${r.status}`}`);
  }
  const root = r.stdout.toString('utf8').trim();
  if (!root) throw new GitError(`${path.resolve(cwd)} is not inside a git work tree (a bare repository has no files to check)`);
  return root;
}

function splitZ(out: Buffer): string[] {
  return out
    .toString('utf8')
    .split('\0')
    .filter((s) => s.length > 0);
}

interface Scope {
  /** cwd with symlinks resolved: git's paths are compared against it. */
  cwd: string;
  /** cwd as given (absolute): SourceFile.path is under it, as discovery's paths are. */
  given: string;
  root: string;
  keep: (abs: string) => boolean;
}

function scopeFor(cwd: string, options: GitFilesOptions): Scope {
  const absCwd = path.resolve(cwd);
  const root = realish(repositoryRoot(absCwd));
  const cwdReal = realish(absCwd);
  const within = (options.paths && options.paths.length > 0 ? options.paths : ['.']).map((p) => path.resolve(cwdReal, p));
  const keep = (abs: string) => isLintable(abs) && within.some((w) => abs === w || abs.startsWith(w.endsWith(path.sep) ? w : w + path.sep));
  return { cwd: cwdReal, given: absCwd, root, keep };
}

/** Resolves symlinks in a folder path (macOS /tmp, for instance) so git's paths and cwd compare. */
function realish(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

function decode(buffer: Buffer, rel: string, maxBytes: number, notes: Note[]): string | undefined {
  if (buffer.length > maxBytes) {
    notes.push({ file: rel, reason: `skipped: ${Math.round(buffer.length / 1024)} KB is over the ${Math.round(maxBytes / 1024)} KB limit` });
    return undefined;
  }
  if (buffer.subarray(0, 8000).includes(0)) {
    notes.push({ file: rel, reason: 'skipped: binary file' });
    return undefined;
  }
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    notes.push({ file: rel, reason: 'skipped: not valid UTF-8' });
    return undefined;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function sourceFile(abs: string, scope: Scope, text: string): SourceFile {
  const kind = (SQL_EXTENSIONS as readonly string[]).includes(path.extname(abs).toLowerCase()) ? 'sql' : 'script';
  const relativePath = toRelative(scope.cwd, abs);
  return { path: path.join(scope.given, ...relativePath.split('/')), relativePath, text, kind };
}

function byRelativePath(a: SourceFile, b: SourceFile): number {
  return a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0;
}

/** Reads blobs by id with one `git cat-file --batch` process. */
function readBlobs(root: string, ids: readonly string[]): Buffer[] {
  if (ids.length === 0) return [];
  const out = gitOk(root, ['cat-file', '--batch'], ids.join('\n') + '\n');
  const blobs: Buffer[] = [];
  let at = 0;
  for (const id of ids) {
    const nl = out.indexOf(10, at);
    if (nl < 0) throw new GitError('unexpected end of `git cat-file --batch` output');
    const header = out.subarray(at, nl).toString('utf8');
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) throw new GitError(`cannot read staged blob ${id}: ${header}`);
    const size = Number(m[3]);
    blobs.push(out.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1; // content, then a newline
  }
  return blobs;
}

/**
 * Staged content of the files staged for commit (added, copied, modified, renamed),
 * as it is in the index. Deleted files, submodules and symbolic links are left out.
 */
export function stagedFiles(cwd: string, options: GitFilesOptions = {}): GitFilesResult {
  const scope = scopeFor(cwd, options);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const names = splitZ(gitOk(scope.root, ['-c', 'core.quotepath=off', 'diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames', '--no-ext-diff']));
  const wanted = new Set(names.filter((n) => scope.keep(path.join(scope.root, n))));
  if (wanted.size === 0) return { files: [], notes: [] };
  // Blob ids from the index (stage 0); `ls-files -s -z` prints "<mode> <id> <stage>\t<path>\0".
  const entries: { name: string; id: string }[] = [];
  for (const record of splitZ(gitOk(scope.root, ['ls-files', '--stage', '-z']))) {
    const tab = record.indexOf('\t');
    const [mode, id, stage] = record.slice(0, tab).split(' ');
    const name = record.slice(tab + 1);
    if (!wanted.has(name) || stage !== '0' || !id) continue;
    if (mode !== '100644' && mode !== '100755') continue; // symlinks (120000) and submodules (160000)
    entries.push({ name, id });
  }
  const blobs = readBlobs(scope.root, entries.map((e) => e.id));
  const files: SourceFile[] = [];
  const notes: Note[] = [];
  entries.forEach((e, i) => {
    const abs = path.join(scope.root, e.name);
    const rel = toRelative(scope.cwd, abs);
    const text = decode(blobs[i]!, rel, maxBytes, notes);
    if (text !== undefined) files.push(sourceFile(abs, scope, text));
  });
  return { files: files.sort(byRelativePath), notes };
}

function resolveCommit(root: string, ref: string): string | undefined {
  const r = git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  return r.status === 0 ? r.stdout.toString('utf8').trim() : undefined;
}

/**
 * The commit to diff against. With `base`, the merge base of it and HEAD (an error if
 * the ref does not exist). Without, the merge base with the first of origin/HEAD,
 * origin/main, main, origin/master, master that exists; failing those, HEAD (only
 * uncommitted changes), and the empty tree in a repository without commits.
 */
export function resolveBase(cwd: string, base?: string): { base: string; description: string } {
  const root = repositoryRoot(path.resolve(cwd));
  const head = resolveCommit(root, 'HEAD');
  if (base !== undefined) {
    const commit = resolveCommit(root, base);
    if (!commit) throw new GitError(`--base ${base}: no such commit, branch or tag in this repository`);
    if (!head) return { base: commit, description: `${base} (the repository has no commits on HEAD)` };
    const mb = git(root, ['merge-base', commit, head]);
    if (mb.status !== 0) throw new GitError(`--base ${base}: it shares no history with HEAD`);
    return { base: mb.stdout.toString('utf8').trim(), description: `merge base of ${base} and HEAD` };
  }
  if (!head) return { base: EMPTY_TREE, description: 'the empty tree (the repository has no commits yet)' };
  for (const candidate of DEFAULT_BASES) {
    const commit = resolveCommit(root, candidate);
    if (!commit) continue;
    const mb = git(root, ['merge-base', commit, head]);
    if (mb.status === 0) return { base: mb.stdout.toString('utf8').trim(), description: `merge base of ${candidate} and HEAD` };
  }
  return { base: head, description: `HEAD (none of ${DEFAULT_BASES.join(', ')} exists; only uncommitted changes are checked — pass --base <ref> to compare with a branch)` };
}

/** Files changed since `base` (see resolveBase), read from the working tree. */
export function changedFiles(cwd: string, base?: string, options: GitFilesOptions = {}): ChangedFilesResult {
  const scope = scopeFor(cwd, options);
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const resolved = resolveBase(scope.root, base);
  const changed = splitZ(gitOk(scope.root, ['-c', 'core.quotepath=off', 'diff', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames', '--no-ext-diff', resolved.base, '--']));
  const untracked = splitZ(gitOk(scope.root, ['-c', 'core.quotepath=off', 'ls-files', '--others', '--exclude-standard', '-z']));
  const names = [...new Set([...changed, ...untracked])];
  const files: SourceFile[] = [];
  const notes: Note[] = [];
  for (const name of names) {
    const abs = path.join(scope.root, name);
    if (!scope.keep(abs)) continue;
    const rel = toRelative(scope.cwd, abs);
    let buffer: Buffer;
    try {
      const st = statSync(abs);
      if (!st.isFile()) continue;
      if (st.size > maxBytes) {
        notes.push({ file: rel, reason: `skipped: ${Math.round(st.size / 1024)} KB is over the ${Math.round(maxBytes / 1024)} KB limit` });
        continue;
      }
      buffer = readFileSync(abs);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // deleted in the working tree since
      notes.push({ file: rel, reason: `unreadable: ${code ?? (error as Error).message}` });
      continue;
    }
    const text = decode(buffer, rel, maxBytes, notes);
    if (text !== undefined) files.push(sourceFile(abs, scope, text));
  }
  notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files: files.sort(byRelativePath), notes, base: resolved.base, baseDescription: resolved.description };
}
