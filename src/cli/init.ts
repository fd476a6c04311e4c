/**
 * `sqlwarden init`: writes a starter config and, when asked, a pre-commit hook
 * (husky when the project uses it, else .git/hooks/pre-commit).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { dialectOfLibraries, ProjectLookup } from '../extract/project.js';

/** A request that cannot be carried out as asked (exit 2). */
export class UsageError extends Error {}

export interface InitOptions {
  cwd: string;
  /** 'auto' asks on a TTY and skips otherwise. */
  hook: 'auto' | 'husky' | 'git' | 'none';
  force: boolean;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
}

const CONFIG_NAME = 'sqlwarden.config.json';
const HOOK_LINE = 'npx --no-install sqlwarden check --staged';

export async function init(options: InitOptions): Promise<string[]> {
  const done: string[] = [];
  const configPath = path.join(options.cwd, CONFIG_NAME);
  if (existsSync(configPath) && !options.force) {
    done.push(`${CONFIG_NAME} already exists (use --force to overwrite)`);
  } else {
    const facts = new ProjectLookup(path.parse(options.cwd).root).factsFor(path.join(options.cwd, 'x.ts'));
    const dialect = dialectOfLibraries(facts.libraries) ?? facts.prismaProvider ?? 'postgresql';
    const config = {
      extends: 'recommended',
      dialect,
      exclude: ['**/*.generated.*'],
      migrations: ['**/migrations/**', '**/migrate/**'],
      rules: {},
    };
    writeFileSync(configPath, JSON.stringify(config, null, 2) + '\n');
    done.push(`wrote ${CONFIG_NAME} (dialect: ${dialect})`);
  }

  let hook = options.hook;
  if (hook === 'auto') {
    if (!options.interactive) return [...done, `add a pre-commit hook later with: sqlwarden init --hook ${usesHusky(options.cwd) ? 'husky' : 'git'}`];
    const rl = createInterface({ input: options.input, output: options.output });
    const answer = (await rl.question('Run sqlwarden on staged files before each commit? [y/N] ')).trim().toLowerCase();
    rl.close();
    hook = answer === 'y' || answer === 'yes' ? (usesHusky(options.cwd) ? 'husky' : 'git') : 'none';
  }
  if (hook === 'husky') done.push(writeHook(path.join(options.cwd, '.husky', 'pre-commit'), false));
  if (hook === 'git') {
    const gitDir = path.join(options.cwd, '.git');
    if (!existsSync(gitDir)) throw new UsageError('no .git folder here: run `sqlwarden init --hook git` at the repository root');
    done.push(writeHook(path.join(gitDir, 'hooks', 'pre-commit'), true));
  }
  return done;
}

function usesHusky(cwd: string): boolean {
  if (existsSync(path.join(cwd, '.husky'))) return true;
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    return Boolean(pkg.devDependencies?.husky);
  } catch {
    return false;
  }
}

/** Appends the check to an existing hook instead of replacing it. */
function writeHook(file: string, shebang: boolean): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (existing.includes('sqlwarden check')) return `${path.relative(process.cwd(), file)} already runs sqlwarden`;
  const head = existing === '' && shebang ? '#!/bin/sh\n' : existing === '' ? '' : existing.endsWith('\n') ? existing : existing + '\n';
  writeFileSync(file, `${head}${HOOK_LINE}\n`);
  chmodSync(file, 0o755);
  return `added "${HOOK_LINE}" to ${file}`;
}
