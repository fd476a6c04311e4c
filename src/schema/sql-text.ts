/**
 * DDL text through the parse stage: a SqlFragment for a piece of text, and a
 * statement-by-statement fallback so one statement the parser cannot read is
 * skipped with a note instead of losing the whole file.
 */
import { wholeTextFragment } from '../core/fragment.js';
import { lineStartsOf, positionAt } from '../core/location.js';
import type { Dialect, SqlFragment } from '../core/types.js';
import { statementRanges, tokenize } from '../parse/lexer.js';
import type { ParsedQuery, Statement } from '../parse/model.js';
import { initParsers, parseFragment } from '../parse/index.js';

/** A fragment for text that is not inside a host file (DDL, index definitions read from a server). */
export function sqlFragment(sql: string, dialect: Dialect, file = '<schema>'): SqlFragment {
  return wholeTextFragment(file, sql, dialect, 'config');
}

export function parseSqlText(sql: string, dialect: Dialect, file?: string): ParsedQuery {
  return parseFragment(sqlFragment(sql, dialect, file));
}

let pgLoaded = false;
// Start loading libpg-query's WASM as soon as the schema stage is imported, so the
// synchronous catalogFromDdl() usually finds it ready.
const loading = initParsers().then(
  () => {
    pgLoaded = true;
  },
  () => undefined,
);

/** Resolves when every parser can be used synchronously. */
export async function prepareParsers(): Promise<void> {
  await initParsers();
  await loading;
  pgLoaded = true;
}

/** True once libpg-query is loaded (checked by parsing, since the parse stage keeps its flag private). */
export function parsersReady(): boolean {
  if (!pgLoaded) pgLoaded = !parseSqlText('SELECT 1', 'postgresql').error;
  return pgLoaded;
}

export interface ParsedDdl {
  stmt: Statement;
  /** The text the statement's spans index into. */
  sql: string;
}

export interface ParseDdlOptions {
  dialect: Dialect;
  /** Dialects to try for a statement the main dialect cannot read (when the dialect was a guess). */
  fallbacks?: readonly Dialect[];
  /** Called for each statement skipped, with a 1-based line in `text`. */
  skipped: (line: number, message: string) => void;
}

/**
 * Every statement of a DDL text in order. The whole text is parsed at once;
 * when that fails, each `;`-separated statement is parsed on its own and the
 * unreadable ones are reported through `skipped`.
 */
export function parseDdl(text: string, options: ParseDdlOptions): ParsedDdl[] {
  const sql = blankClientCommands(text);
  const whole = parseSqlText(sql, options.dialect);
  if (!whole.error) return whole.statements.map((stmt) => ({ stmt, sql }));
  const out: ParsedDdl[] = [];
  const lines = lineStartsOf(sql);
  const tokens = tokenize(sql, options.dialect);
  for (const [first, last] of statementRanges(tokens)) {
    const start = tokens[first]!.start;
    const piece = sql.slice(start, tokens[last]!.end);
    let parsed = parseSqlText(piece, options.dialect);
    for (const d of options.fallbacks ?? []) {
      if (!parsed.error) break;
      const retry = parseSqlText(piece, d);
      if (!retry.error) parsed = retry;
    }
    if (parsed.error) {
      const head = piece.replace(/\s+/g, ' ').slice(0, 60);
      options.skipped(positionAt(lines, start).line, `statement skipped, it does not parse as ${options.dialect} (${parsed.error.message}): ${head}${piece.length > 60 ? '...' : ''}`);
      continue;
    }
    for (const stmt of parsed.statements) out.push({ stmt, sql: piece });
  }
  return out;
}

/**
 * pg_dump output holds psql meta-commands (`\connect`, `\restrict`) without a
 * terminating `;`, and COPY data blocks; both are blanked (offsets and lines kept)
 * so they do not swallow the next statement.
 */
export function blankClientCommands(text: string): string {
  if (!/^\s*\\|FROM\s+stdin\s*;/im.test(text)) return text;
  const lines = text.split(/(?<=\n)/);
  let inCopy = false;
  return lines
    .map((line) => {
      if (inCopy) {
        if (/^\\\.\s*$/.test(line)) inCopy = false;
        return blank(line);
      }
      if (/^\s*COPY\b.*\bFROM\s+stdin\s*;\s*$/i.test(line)) {
        inCopy = true;
        return line;
      }
      return /^\s*\\/.test(line) ? blank(line) : line;
    })
    .join('');
}

function blank(line: string): string {
  return line.replace(/[^\r\n]/g, ' ');
}
