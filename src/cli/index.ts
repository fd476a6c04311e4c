/**
 * The command line: parses arguments, loads config, runs the pipeline, picks a
 * reporter and an exit code. No analysis happens here.
 *
 * Exit codes: 0 no error findings; 1 error findings or more warnings than
 * --max-warnings; 2 usage, config or internal error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { ALL_RULES } from '../../rules/index.js';
import { lineStartsOf, positionAt } from '../core/location.js';
import { statementRanges, tokenize } from '../parse/lexer.js';
import { DIALECTS, type Dialect } from '../core/types.js';
import { DiscoverError } from '../discover/index.js';
import { formatExtractJson, formatJson, type ExtractedQuery } from '../report/json.js';
import { formatRules, formatRulesJson } from '../report/rules.js';
import { formatStylish } from '../report/stylish.js';
import type { CheckReport } from '../report/summary.js';
import { extractAndParse, runCheck } from '../run.js';
import { ConfigError, type ResolvedConfig, loadConfig } from './config.js';
import picomatch from 'picomatch';
import { BaselineError, DEFAULT_BASELINE_FILE, applyBaseline, createBaseline, describeBaselineResult, readBaseline, writeBaseline } from '../baseline/index.js';
import { runCheckCached } from '../cache/incremental.js';
import { hashConfig } from '../cache/hash.js';
import { DEFAULT_CACHE_LOCATION, openCache } from '../cache/store.js';
import type { Diagnostic, Note, SourceFile } from '../core/types.js';
import { GitError, changedFiles, stagedFiles } from '../discover/git.js';
import { formatGithub } from '../report/github.js';
import { formatJunit } from '../report/junit.js';
import { createProgress } from '../report/progress.js';
import { formatSarif } from '../report/sarif.js';
import { type RunSummary, countSeverities } from '../report/summary.js';
import { SchemaError, schemaFor } from './schema.js';
import { DEFAULT_SNAPSHOT_PATH, dumpSchema } from '../schema/index.js';

import { UsageError, init } from './init.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

interface CommonOptions {
  format: string;
  dialect?: Dialect;
  config?: string;
  color?: boolean;
  debug?: boolean;
  ignorePattern?: string[];
  output?: string;
}

interface CheckOptions extends CommonOptions {
  quiet?: boolean;
  maxWarnings?: number;
  baseline?: string;
  staged?: boolean;
  changed?: boolean;
  base?: string;
  schema?: string[];
  cache?: boolean;
  cacheLocation?: string;
  progress?: boolean;
}

function version(): string {
  const pkgPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
  return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
}

function useColor(opt: boolean | undefined, stream: NodeJS.WriteStream): boolean {
  if (opt !== undefined) return opt;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

function parseMaxWarnings(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < -1) throw new CommanderError(EXIT_USAGE, 'sqlwarden.invalidArgument', `--max-warnings expects a whole number, got "${value}"`);
  return n;
}

function addCommonOptions(cmd: Command, formats: readonly string[]): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices(formats).default('stylish'))
    .addOption(new Option('--dialect <dialect>', 'SQL dialect for every file (overrides config and inference)').choices(DIALECTS))
    .option('-c, --config <path>', 'use this config file instead of searching for one')
    .option('--ignore-pattern <glob...>', 'skip files matching these globs (relative to the working directory)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--color', 'force colored output')
    .option('--no-color', 'disable colored output (also NO_COLOR=1)')
    .option('--debug', 'print stack traces and extraction details on errors');
}

export async function main(argv: readonly string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; cwd: string } = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }): Promise<number> {
  let exitCode = EXIT_OK;
  let debug = argv.includes('--debug');
  const write = (text: string, output?: string) => {
    if (output) writeFileSync(path.resolve(io.cwd, output), text);
    else io.stdout.write(text);
  };

  const program = new Command('sqlwarden')
    .description('Static SQL query safety linter for TypeScript and JavaScript code bases')
    .version(version(), '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const checkCommand = (name: string, description: string) =>
    addCommonOptions(
      program
        .command(name)
        .description(description)
        .argument('[paths...]', 'files and folders to check', ['.'])
        .option('--staged', 'check the staged content of staged files (pre-commit)')
        .option('--changed', 'check files changed since --base (default: the merge base with the main branch)')
        .option('--base <ref>', 'the git ref --changed compares with')
        .option('--schema <source...>', 'schema for schema-aware rules: a .sql file, a migrations folder, schema.prisma, a snapshot .json or a database URL')
        .option('--cache', 'reuse results for unchanged files')
        .option('--cache-location <path>', 'where the cache lives', DEFAULT_CACHE_LOCATION)
        .option('--no-progress', 'never show progress on stderr'),
      ['stylish', 'json', 'sarif', 'github', 'junit'],
    );

  checkCommand('check', 'find SQL in the given files and folders and report risky queries')
    .option('--quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseMaxWarnings)
    .option('--baseline <file>', 'report only findings that are not in this baseline file')
    .addHelpText(
      'after',
      `
Examples:
  $ sqlwarden check                       check the current folder
  $ sqlwarden check src migrations        check two folders
  $ sqlwarden check --staged              pre-commit: the staged content of staged files
  $ sqlwarden check --format sarif -o sqlwarden.sarif
  $ sqlwarden check --baseline .sqlwarden-baseline.json --max-warnings 0
  $ sqlwarden check --schema migrations src
  $ sqlwarden check --dialect mysql src   read every query as MySQL

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or config error.`,
    )
    .action(async (paths: string[], opts: CheckOptions) => {
      debug = opts.debug === true;
      const run = await runForCli(paths, opts, io);
      let diagnostics = run.diagnostics;
      const remarks = [...run.remarks];
      if (opts.baseline) {
        const baselineFile = opts.baseline;
        const applied = applyBaseline(diagnostics, readBaseline(path.resolve(io.cwd, baselineFile)));
        diagnostics = applied.kept;
        remarks.push(describeBaselineResult(applied, baselineFile));
      }
      const counts = countSeverities(diagnostics);
      const shown = opts.quiet ? diagnostics.filter((d) => d.severity === 'error') : diagnostics;
      const report: CheckReport = {
        diagnostics: shown,
        notes: run.notes,
        summary: { ...run.summary, ...counts, ...(opts.quiet ? { warnings: 0 } : {}), remarks },
        sourceLine: sourceLines(run.files),
      };
      const color = opts.output ? false : useColor(opts.color, io.stdout);
      write(formatReport(opts.format, report, run.filesWithQueries, color), opts.output);
      const tooManyWarnings = opts.maxWarnings !== undefined && opts.maxWarnings >= 0 && counts.warnings > opts.maxWarnings;
      if (tooManyWarnings && (opts.format === 'stylish' || opts.output)) {
        io.stderr.write(`sqlwarden found too many warnings (maximum: ${opts.maxWarnings}).\n`);
      }
      exitCode = counts.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
    });

  checkCommand('baseline', 'record the current findings in a baseline file, so that only new ones fail later checks')
    .addHelpText('after', `
Examples:
  $ sqlwarden baseline                    writes .sqlwarden-baseline.json
  $ sqlwarden check --baseline .sqlwarden-baseline.json`)
    .action(async (paths: string[], opts: CheckOptions) => {
      debug = opts.debug === true;
      const run = await runForCli(paths, { ...opts, output: undefined }, io);
      const out = path.resolve(io.cwd, opts.output ?? DEFAULT_BASELINE_FILE);
      const baseline = createBaseline(run.diagnostics);
      writeBaseline(out, baseline);
      io.stderr.write(`sqlwarden: wrote ${baseline.entries.length} baseline entr${baseline.entries.length === 1 ? 'y' : 'ies'} (${run.diagnostics.length} findings) to ${path.relative(io.cwd, out)}\n`);
    });

  addCommonOptions(
    program
      .command('extract')
      .description('list every SQL query found, with its location, library and whether it parses')
      .argument('[paths...]', 'files and folders to read', ['.']),
    ['stylish', 'json'],
  )
    .addHelpText('after', `
Examples:
  $ sqlwarden extract src
  $ sqlwarden extract --format json src | jq '.queries[] | select(.parsed == false)'`)
    .action(async (paths: string[], opts: CommonOptions) => {
      debug = opts.debug === true;
      const config = await loadConfig({ cwd: io.cwd, rules: ALL_RULES, ...(opts.config ? { configPath: opts.config } : {}), ...(opts.dialect ? { cliDialect: opts.dialect } : {}) });
      const run = await extractAndParse({ cwd: io.cwd, paths, config, ...(opts.ignorePattern ? { ignorePatterns: opts.ignorePattern } : {}) });
      const queries: ExtractedQuery[] = run.queries.flatMap((q): ExtractedQuery[] => {
        const f = q.fragment;
        // Field order as documented: file, line, column, sql, library, ...
        const entry = (line: number, column: number, sql: string, error: string | undefined): ExtractedQuery => ({
          file: f.file,
          line,
          column,
          sql,
          library: f.library,
          dialect: f.dialect,
          api: f.api,
          parsed: error === undefined,
          ...(error !== undefined ? { error } : {}),
        });
        // A .sql file is a list of queries: one entry per statement, where it starts.
        if (f.origin === 'sql-file') {
          const tokens = tokenize(f.sql, f.dialect);
          return statementRanges(tokens).map(([first, last]) => {
            const start = tokens[first]!.start;
            const end = tokens[last]!.end;
            const at = positionAt(f.sources[0]!.lineStarts, start);
            const failed = q.error !== undefined && q.error.offset >= start && q.error.offset <= end;
            return entry(at.line, at.column, f.sql.slice(start, end), failed ? q.error!.message : undefined);
          });
        }
        const at = positionAt(f.sources[0]!.lineStarts, f.start.start);
        return [entry(at.line, at.column, f.sql, q.error?.message)];
      });
      if (opts.format === 'json') write(formatExtractJson(queries), opts.output);
      else write(formatExtractText(queries, run.notes.length), opts.output);
    });

  program
    .command('rules')
    .description('list every rule with its metadata and whether the config turns it on')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .option('-c, --config <path>', 'use this config file')
    .action(async (opts: { format: string; config?: string }) => {
      const config = await loadConfig({ cwd: io.cwd, rules: ALL_RULES, ...(opts.config ? { configPath: opts.config } : {}) });
      const enabled = new Map(config.rulesFor('__any__.ts').map((r) => [r.rule.name, r.severity]));
      io.stdout.write(opts.format === 'json' ? formatRulesJson(ALL_RULES, enabled) : formatRules(ALL_RULES, enabled));
    });

  const schemaCommand = program.command('schema').description('work with the schema snapshot that schema-aware rules read');
  schemaCommand
    .command('dump')
    .description('write a JSON snapshot of a schema (tables, columns, indexes, row counts) to commit, so CI needs no database')
    .requiredOption('--from <source>', 'a database URL (postgres://, mysql://, mariadb://), a .sql file, a migrations folder, schema.prisma or a SQLite file')
    .option('--out <file>', 'where to write the snapshot', DEFAULT_SNAPSHOT_PATH)
    .addOption(new Option('--dialect <dialect>', 'dialect of SQL files').choices(DIALECTS))
    .option('--debug', 'print stack traces on errors')
    .addHelpText('after', `
Examples:
  $ sqlwarden schema dump --from postgres://app@localhost:5432/app
  $ sqlwarden schema dump --from db/migrations --out .sqlwarden/schema.json`)
    .action(async (opts: { from: string; out: string; dialect?: Dialect; debug?: boolean }) => {
      debug = opts.debug === true;
      const dumped = await dumpSchema(opts.from, opts.out, { cwd: io.cwd, ...(opts.dialect ? { dialect: opts.dialect } : {}) });
      for (const note of dumped.notes) io.stderr.write(`note: ${note}\n`);
      const n = dumped.catalog.tables.length;
      io.stdout.write(`${dumped.description}\nwrote ${path.relative(io.cwd, dumped.file)} (${n} table${n === 1 ? '' : 's'})\n`);
    });

  program
    .command('init')
    .description('write a starter sqlwarden.config.json and optionally a pre-commit hook')
    .addOption(new Option('--hook <kind>', 'add a pre-commit hook').choices(['auto', 'husky', 'git', 'none']).default('auto'))
    .option('--force', 'overwrite an existing config')
    .action(async (opts: { hook: 'auto' | 'husky' | 'git' | 'none'; force?: boolean }) => {
      const lines = await init({
        cwd: io.cwd,
        hook: opts.hook,
        force: opts.force === true,
        input: process.stdin,
        output: io.stdout,
        interactive: process.stdin.isTTY === true && io.stdout.isTTY === true && !process.env.CI,
      });
      io.stdout.write(lines.map((l) => `${l}\n`).join(''));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      if (error.code === 'sqlwarden.invalidArgument') io.stderr.write(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError || error instanceof DiscoverError || error instanceof UsageError || error instanceof BaselineError || error instanceof GitError || error instanceof SchemaError) {
      io.stderr.write(`sqlwarden: ${error.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`sqlwarden: internal error: ${(error as Error).message}\n`);
    if (debug) io.stderr.write(`${(error as Error).stack}\n`);
    else io.stderr.write('Run again with --debug for a stack trace, and please report it.\n');
    return EXIT_USAGE;
  }
}

function formatExtractText(queries: readonly ExtractedQuery[], skipped: number): string {
  const out: string[] = [];
  for (const q of queries) {
    out.push(`${q.file}:${q.line}:${q.column}  ${q.library} (${q.dialect})${q.parsed ? '' : '  [does not parse]'}`);
    out.push(...q.sql.trim().split('\n').map((l) => `    ${l.trimEnd()}`));
    out.push('');
  }
  const files = new Set(queries.map((q) => q.file)).size;
  out.push(`${queries.length} quer${queries.length === 1 ? 'y' : 'ies'} in ${files} file${files === 1 ? '' : 's'}, ${queries.filter((q) => q.parsed).length} parsed${skipped ? `, ${skipped} skipped` : ''}`);
  return out.join('\n') + '\n';
}

interface CliRun {
  files: SourceFile[];
  diagnostics: Diagnostic[];
  notes: Note[];
  summary: RunSummary;
  filesWithQueries: string[];
  remarks: string[];
}

/** Config, file selection (paths, --staged, --changed), schema, cache and progress, then the pipeline. */
async function runForCli(paths: string[], opts: CheckOptions, io: { cwd: string; stderr: NodeJS.WriteStream }): Promise<CliRun> {
  if (opts.staged && opts.changed) throw new UsageError('--staged and --changed cannot be used together');
  const config = await loadConfig({ cwd: io.cwd, rules: ALL_RULES, ...(opts.config ? { configPath: opts.config } : {}), ...(opts.dialect ? { cliDialect: opts.dialect } : {}) });
  const remarks: string[] = config.file ? [`config: ${config.file}`] : [];
  const explicitPaths = paths.length === 1 && paths[0] === '.' ? undefined : paths;
  let files: SourceFile[] | undefined;
  const notes: Note[] = [];
  if (opts.staged || opts.changed) {
    const gitOptions = { ...(explicitPaths ? { paths: explicitPaths } : {}), ...(config.maxFileSize ? { maxFileBytes: config.maxFileSize } : {}) };
    const picked = opts.staged ? { ...stagedFiles(io.cwd, gitOptions), baseDescription: undefined } : changedFiles(io.cwd, opts.base, gitOptions);
    files = picked.files.filter((f) => !isExcluded(config, f.relativePath, opts.ignorePattern));
    notes.push(...picked.notes);
    remarks.push(picked.baseDescription === undefined ? `staged files: ${files.length}` : `changed since ${picked.baseDescription}: ${files.length} files`);
  }
  const schema = await schemaFor(config, opts, io.cwd);
  if (schema.remark) remarks.push(schema.remark);
  notes.push(...schema.notes);
  const progress = opts.progress === false ? createProgress({ enabled: false }) : createProgress();
  const runOptions = {
    cwd: io.cwd,
    paths,
    config,
    ...(opts.ignorePattern ? { ignorePatterns: opts.ignorePattern } : {}),
    ...(files ? { files } : {}),
    ...(schema.catalog ? { catalog: schema.catalog } : {}),
    autoCatalog: schema.auto,
    progress,
  };
  if (opts.cache) {
    const cache = openCache(opts.cacheLocation ?? DEFAULT_CACHE_LOCATION, { version: version(), configHash: hashConfig(config), cwd: io.cwd });
    const r = await runCheckCached(runOptions, { cache, progress });
    for (const n of r.cache.notes) io.stderr.write(`sqlwarden: ${n}\n`);
    return { files: r.files, diagnostics: r.diagnostics, notes: [...notes, ...r.notes], summary: r.summary, filesWithQueries: r.filesWithQueries, remarks };
  }
  const r = await runCheck(runOptions);
  if (process.env.SQLWARDEN_TIMING) {
    io.stderr.write(Object.entries(r.timings).map(([stage, ms]) => `${stage.padEnd(36)} ${ms.toFixed(0).padStart(7)} ms\n`).join(''));
  }
  remarks.push(...r.summary.remarks);
  const filesWithQueries = [...new Set(r.queries.map((q) => q.fragment.file))].sort();
  return { files: r.files, diagnostics: r.diagnostics, notes: [...notes, ...r.notes], summary: { ...r.summary, skipped: r.summary.skipped + notes.length }, filesWithQueries, remarks };
}

function isExcluded(config: ResolvedConfig, file: string, ignorePatterns: readonly string[] | undefined): boolean {
  const globs = [...config.exclude, ...(ignorePatterns ?? [])];
  if (globs.length > 0 && picomatch(globs, { dot: true })(file)) return true;
  return config.include !== undefined && !picomatch(config.include, { dot: true })(file);
}

function formatReport(format: string, report: CheckReport, filesWithQueries: readonly string[], color: boolean): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, ALL_RULES, { version: version() });
    case 'github':
      return formatGithub(report, ALL_RULES);
    case 'junit':
      return formatJunit(report, ALL_RULES, { filesWithQueries });
    default:
      return formatStylish(report, color);
  }
}

/** Source lines for code frames, split once per file on demand. */
function sourceLines(files: readonly SourceFile[]): (file: string, line: number) => string | undefined {
  const texts = new Map(files.map((f) => [f.relativePath, f.text]));
  const lineCache = new Map<string, number[]>();
  return (file, line) => {
    const text = texts.get(file);
    if (text === undefined) return undefined;
    let starts = lineCache.get(file);
    if (!starts) lineCache.set(file, (starts = lineStartsOf(text)));
    const start = starts[line - 1];
    if (start === undefined) return undefined;
    return text.slice(start, starts[line] ?? text.length).replace(/\r?\n$|\r$/, '');
  };
}
