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
import { DIALECTS, type Dialect } from '../core/types.js';
import { DiscoverError } from '../discover/index.js';
import { formatExtractJson, formatJson, type ExtractedQuery } from '../report/json.js';
import { formatRules, formatRulesJson } from '../report/rules.js';
import { formatStylish } from '../report/stylish.js';
import type { CheckReport } from '../report/summary.js';
import { extractAndParse, runCheck } from '../run.js';
import { ConfigError, loadConfig } from './config.js';
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

  addCommonOptions(
    program
      .command('check')
      .description('find SQL in the given files and folders and report risky queries')
      .argument('[paths...]', 'files and folders to check', ['.'])
      .option('--quiet', 'report errors only')
      .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseMaxWarnings),
    ['stylish', 'json'],
  )
    .addHelpText(
      'after',
      `
Examples:
  $ sqlwarden check                       check the current folder
  $ sqlwarden check src migrations        check two folders
  $ sqlwarden check --format json > out.json
  $ sqlwarden check --max-warnings 0      fail CI on any warning
  $ sqlwarden check --dialect mysql src   read every query as MySQL

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or config error.`,
    )
    .action(async (paths: string[], opts: CheckOptions) => {
      debug = opts.debug === true;
      const config = await loadConfig({ cwd: io.cwd, rules: ALL_RULES, ...(opts.config ? { configPath: opts.config } : {}), ...(opts.dialect ? { cliDialect: opts.dialect } : {}) });
      const result = await runCheck({ cwd: io.cwd, paths, config, ...(opts.ignorePattern ? { ignorePatterns: opts.ignorePattern } : {}) });
      const shown = opts.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
      const texts = new Map(result.files.map((f) => [f.relativePath, f.text]));
      const lineCache = new Map<string, number[]>();
      const report: CheckReport = {
        diagnostics: shown,
        notes: result.notes,
        summary: { ...result.summary, ...(opts.quiet ? { warnings: 0 } : {}), remarks: config.file ? [`config: ${config.file}`] : [] },
        sourceLine: (file, line) => {
          const text = texts.get(file);
          if (text === undefined) return undefined;
          let starts = lineCache.get(file);
          if (!starts) lineCache.set(file, (starts = lineStartsOf(text)));
          const start = starts[line - 1];
          if (start === undefined) return undefined;
          return text.slice(start, starts[line] ?? text.length).replace(/\r?\n$|\r$/, '');
        },
      };
      write(opts.format === 'json' ? formatJson(report) : formatStylish(report, opts.output ? false : useColor(opts.color, io.stdout)), opts.output);
      const tooManyWarnings = opts.maxWarnings !== undefined && opts.maxWarnings >= 0 && result.summary.warnings > opts.maxWarnings;
      if (tooManyWarnings && opts.format !== 'json') {
        io.stderr.write(`sqlwarden found too many warnings (maximum: ${opts.maxWarnings}).\n`);
      }
      exitCode = result.summary.errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
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
      const queries: ExtractedQuery[] = run.queries.map((q) => {
        const f = q.fragment;
        const at = positionAt(f.sources[0]!.lineStarts, f.start.start);
        return {
          file: f.file,
          line: at.line,
          column: at.column,
          sql: f.sql,
          library: f.library,
          dialect: f.dialect,
          api: f.api,
          parsed: !q.error,
          ...(q.error ? { error: q.error.message } : {}),
        };
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
    if (error instanceof ConfigError || error instanceof DiscoverError || error instanceof UsageError) {
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
