/**
 * The programmatic API: lint a string as if it were a file. Used by rule
 * example tests, the docs generator and integrations that hold text in memory.
 */
import path from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import type { AnyRule } from './core/rule.js';
import type { Diagnostic, Dialect, SourceFile } from './core/types.js';
import { type UserConfig, resolveConfig, validateConfig } from './cli/config.js';
import { runCheck, type RunResult } from './run.js';
import { catalogFromDdl } from './schema/index.js';

export interface LintTextOptions {
  /** Pretend path, relative to cwd (decides script vs SQL, and migration globs). */
  filename?: string;
  cwd?: string;
  dialect?: Dialect;
  /** A config object, as it would appear in sqlwarden.config.json. */
  config?: UserConfig;
  rules?: readonly AnyRule[];
  /** DDL describing the database, for schema-aware rules. */
  schemaSql?: string;
}

export async function lintText(text: string, options: LintTextOptions = {}): Promise<RunResult> {
  const cwd = options.cwd ?? process.cwd();
  const filename = options.filename ?? 'input.ts';
  const rules = options.rules ?? ALL_RULES;
  const config = resolveConfig(validateConfig(options.config ?? {}, '<inline config>', rules), {
    cwd,
    dir: cwd,
    rules,
    ...(options.dialect ? { cliDialect: options.dialect } : {}),
  });
  const abs = path.resolve(cwd, filename);
  const file: SourceFile = {
    path: abs,
    relativePath: path.relative(cwd, abs).split(path.sep).join('/'),
    text,
    kind: filename.toLowerCase().endsWith('.sql') ? 'sql' : 'script',
  };
  const catalog = options.schemaSql !== undefined ? catalogFromDdl(options.schemaSql, options.dialect ?? 'postgresql', '<inline schema>') : undefined;
  return runCheck({ cwd, paths: [], config, files: [file], ...(catalog ? { catalog } : {}) });
}

export type { Diagnostic };
