/**
 * The discover stage: paths and globs in, decoded source files out. Honours
 * .gitignore files (nested, as git does), default ignores, --ignore-pattern and
 * config include/exclude. Reads each file once; anything unreadable, binary,
 * not UTF-8, too large or looping is skipped with a note, never a crash.
 */
import { readdirSync, readFileSync, realpathSync, statSync, existsSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { Note, SourceFile } from '../core/types.js';

export const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;
export const SQL_EXTENSIONS = ['.sql'] as const;
export const DEFAULT_IGNORED_DIRS = ['node_modules', 'dist', 'build', 'coverage', '.git'];
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface DiscoverOptions {
  cwd: string;
  /** Files and folders to walk; defaults to the working directory. */
  paths?: readonly string[];
  /** Extra ignore globs (--ignore-pattern, config `exclude`), matched against cwd-relative paths. */
  ignorePatterns?: readonly string[];
  /** When given, only files matching one of these globs are kept. */
  include?: readonly string[];
  maxFileBytes?: number;
  /** Skip .gitignore handling (--no-gitignore). */
  noGitignore?: boolean;
}

export interface DiscoverResult {
  files: SourceFile[];
  notes: Note[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const LINTED = new Set<string>([...SCRIPT_EXTENSIONS, ...SQL_EXTENSIONS]);

export function isLintable(file: string): boolean {
  return LINTED.has(path.extname(file).toLowerCase()) && !file.endsWith('.d.ts');
}

export function toRelative(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

interface GitignoreLayer {
  dir: string;
  matcher: Ignore;
}

export function discover(options: DiscoverOptions): DiscoverResult {
  const cwd = path.resolve(options.cwd);
  const notes: Note[] = [];
  const found = new Map<string, SourceFile>();
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const ignored = options.ignorePatterns?.length ? picomatch([...options.ignorePatterns], { dot: true }) : undefined;
  const included = options.include?.length ? picomatch([...options.include], { dot: true }) : undefined;
  const visitedDirs = new Set<string>();

  const userIgnored = (rel: string, isDir: boolean) => ignored !== undefined && (ignored(rel) || (isDir && ignored(rel + '/')));

  const readOne = (abs: string, explicit: boolean) => {
    const rel = toRelative(cwd, abs);
    if (found.has(abs)) return;
    if (!explicit && included && !included(rel)) return;
    let size: number;
    try {
      size = statSync(abs).size;
    } catch (error) {
      notes.push({ file: rel, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    if (size > maxBytes) {
      notes.push({ file: rel, reason: `skipped: ${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit` });
      return;
    }
    let buffer: Buffer;
    try {
      buffer = readFileSync(abs);
    } catch (error) {
      notes.push({ file: rel, reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    if (buffer.subarray(0, 8000).includes(0)) {
      notes.push({ file: rel, reason: 'skipped: binary file' });
      return;
    }
    let text: string;
    try {
      text = utf8.decode(buffer);
    } catch {
      notes.push({ file: rel, reason: 'skipped: not valid UTF-8' });
      return;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const kind = (SQL_EXTENSIONS as readonly string[]).includes(path.extname(abs).toLowerCase()) ? 'sql' : 'script';
    found.set(abs, { path: abs, relativePath: rel, text, kind });
  };

  const walk = (dir: string, layers: GitignoreLayer[]) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      notes.push({ file: toRelative(cwd, dir), reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    if (visitedDirs.has(real)) {
      notes.push({ file: toRelative(cwd, dir), reason: 'skipped: symbolic link loop (folder already walked)' });
      return;
    }
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      notes.push({ file: toRelative(cwd, dir), reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
      return;
    }
    const here = options.noGitignore ? layers : withGitignore(dir, layers);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          notes.push({ file: toRelative(cwd, abs), reason: 'skipped: broken symbolic link' });
          continue;
        }
      }
      const rel = toRelative(cwd, abs);
      if (isDir) {
        if (DEFAULT_IGNORED_DIRS.includes(entry.name) || userIgnored(rel, true) || gitignored(here, abs, true)) continue;
        walk(abs, here);
      } else if (isFile && isLintable(entry.name)) {
        if (userIgnored(rel, false) || gitignored(here, abs, false)) continue;
        readOne(abs, false);
      }
    }
  };

  const inputs = options.paths && options.paths.length > 0 ? options.paths : ['.'];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if (!existsSync(abs)) {
      throw new DiscoverError(`No such file or folder: ${input}`);
    }
    const st = statSync(abs);
    if (st.isDirectory()) walk(abs, ancestorsGitignore(cwd, abs, options.noGitignore === true));
    else if (!userIgnored(toRelative(cwd, abs), false)) readOne(abs, true);
  }

  const files = [...found.values()].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
  notes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, notes };
}

export class DiscoverError extends Error {}

function withGitignore(dir: string, layers: GitignoreLayer[]): GitignoreLayer[] {
  const file = path.join(dir, '.gitignore');
  if (!existsSync(file)) return layers;
  try {
    return [...layers, { dir, matcher: ignore().add(readFileSync(file, 'utf8')) }];
  } catch {
    return layers;
  }
}

/** .gitignore files above a walked folder, up to the repository root, apply too. */
function ancestorsGitignore(cwd: string, start: string, disabled: boolean): GitignoreLayer[] {
  if (disabled) return [];
  const chain: string[] = [];
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    chain.unshift(dir);
    if (existsSync(path.join(dir, '.git')) || dir === path.dirname(dir)) break;
    if (!dir.startsWith(cwd) && !cwd.startsWith(dir)) break;
  }
  return chain.reduce<GitignoreLayer[]>((layers, dir) => withGitignore(dir, layers), []);
}

function gitignored(layers: GitignoreLayer[], abs: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const rel = path.relative(layer.dir, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    if (layer.matcher.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
