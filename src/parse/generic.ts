/**
 * The non-PostgreSQL path: node-sql-parser parses, this module normalises its
 * tree into the model. node-sql-parser is loaded lazily (it is large) and one
 * Parser instance is reused. Statements are matched to `;`-separated token
 * ranges found by the tokenizer, never by regex.
 */
import { createRequire } from 'node:module';
import type { Dialect, SqlFragment } from '../core/types.js';
import { fingerprintTokens } from './fingerprint.js';
import { GenericConverter } from './generic-convert.js';
import { Locator, type TokRange } from './generic-locator.js';
import { leadingKeyword } from './keywords.js';
import { statementRanges, tokenize, type Token } from './lexer.js';
import type { ParsedQuery, Statement } from './model.js';
import { applyEdits, mapBack, type Edit, type Rewrite } from './remap.js';

interface NodeSqlParser {
  astify(sql: string, opt: object): unknown;
}

const DATABASE: Record<Dialect, string> = {
  postgresql: 'PostgresQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  sqlite: 'Sqlite',
  bigquery: 'BigQuery',
  transactsql: 'TransactSQL',
  snowflake: 'Snowflake',
};

const parsers = new Map<Dialect, NodeSqlParser>();

/**
 * One Parser per dialect, created on first use. Each dialect's grammar is its
 * own build (a tenth of the all-dialect bundle), so a project pays to load
 * only the grammars it uses.
 */
function getParser(dialect: Dialect): NodeSqlParser {
  let parser = parsers.get(dialect);
  if (!parser) {
    const require = createRequire(import.meta.url);
    let mod: { Parser: new () => NodeSqlParser };
    try {
      mod = require(`node-sql-parser/build/${DATABASE[dialect].toLowerCase()}`) as typeof mod;
    } catch {
      mod = require('node-sql-parser') as typeof mod;
    }
    parser = new mod.Parser();
    parsers.set(dialect, parser);
  }
  return parser;
}

export function parseGeneric(fragment: SqlFragment, repaired = false): ParsedQuery {
  const { sql, dialect } = fragment;
  const tokens = tokenize(sql, dialect);
  const fingerprint = fingerprintTokens(tokens);
  const ranges = statementRanges(tokens);
  if (ranges.length === 0) return { fragment, parser: 'none', statements: [], fingerprint };
  const loc = new Locator(sql, tokens);
  let ast: unknown;
  try {
    ast = getParser(dialect).astify(sql, {
      database: DATABASE[dialect],
      trimQuery: false,
      parseOptions: { includeLocations: true },
    });
  } catch (e) {
    const rewrite = repaired ? undefined : repairPlaceholders(sql, tokens);
    if (rewrite) {
      const retry = parseGeneric({ ...fragment, sql: rewrite.sql }, true);
      if (!retry.error) return mapBack({ ...retry, fragment, fingerprint }, sql, rewrite);
    }
    return { fragment, parser: 'node-sql-parser', statements: [], error: syntaxError(e, loc), fingerprint };
  }
  const asts = (Array.isArray(ast) ? ast : [ast]).filter((a): a is Record<string, any> => !!a && typeof a === 'object');
  // Some grammars (T-SQL) read unknown text as `name expr` procedure assignments rather than failing.
  const bogus = asts.findIndex((a) => a.stmt?.type === 'assign' && a.stmt.symbol == null);
  if (bogus >= 0) {
    const at = ranges.length === asts.length ? ranges[bogus]![0] : 0;
    const offset = tokens[at]?.start ?? 0;
    return { fragment, parser: 'node-sql-parser', statements: [], error: { message: 'syntax error: statement not recognised', offset }, fingerprint };
  }
  const conv = new GenericConverter(loc);
  const statements = asts.map((a, i): Statement => {
    const range: TokRange | undefined =
      ranges.length === asts.length ? ranges[i] : (loc.snap(a.loc) ?? (asts.length === 1 ? whole(ranges) : undefined));
    const span = range ? loc.span(range) : { start: 0, end: sql.length };
    try {
      return conv.top(a, range, span);
    } catch {
      // A normaliser bug loses one statement's detail, not the query.
      return { kind: 'other', keyword: leadingKeyword(sql, span), span, with: [] };
    }
  });
  return { fragment, parser: 'node-sql-parser', statements, fingerprint };
}

/**
 * Drivers send `?` / `?1` placeholders in dialects whose grammar here lacks
 * them (BigQuery, Snowflake, T-SQL through knex, SQLite's numbered form).
 * Every grammar takes `:name`, so those are tried as `:pN` when the text as
 * written does not parse.
 */
function repairPlaceholders(sql: string, tokens: readonly Token[]): Rewrite | undefined {
  const edits: Edit[] = [];
  for (const t of tokens) if (t.kind === 'param' && /^\?\d*$/.test(t.value)) edits.push({ from: t.start, to: t.end, text: `:p${edits.length + 1}` });
  return edits.length > 0 ? applyEdits(sql, edits) : undefined;
}

function whole(ranges: [number, number][]): TokRange {
  return [ranges[0]![0], ranges[ranges.length - 1]![1]];
}

function syntaxError(e: unknown, loc: Locator): { message: string; offset: number } {
  const err = e as { name?: string; message?: string; location?: { start?: { offset?: number } } };
  const offset = err.location?.start?.offset;
  if (typeof offset !== 'number') return { message: err.message ?? String(e), offset: 0 };
  // PEG messages list every expected token; report where it stopped instead.
  let i = loc.indexAt(offset);
  if (i > 0 && loc.tokens[i - 1]!.end > offset) i--;
  const at = loc.tokens[i];
  if (!at) return { message: 'syntax error at end of input', offset };
  return { message: `syntax error at or near "${loc.sql.slice(at.start, at.end)}"`, offset: at.start };
}
