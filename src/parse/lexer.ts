/**
 * A small, dialect-aware SQL tokenizer with UTF-16 offsets. It is not a parser:
 * it only knows enough (quotes, comments, dollar-quotes, placeholders) to split
 * statements, fingerprint text and locate nodes node-sql-parser leaves unlocated.
 * It never throws; unterminated strings and comments run to the end of the text.
 */
import type { Dialect } from '../core/types.js';

export type TokenKind = 'word' | 'qident' | 'string' | 'number' | 'param' | 'op' | 'punct';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** word: upper-cased; qident: unquoted; string: decoded contents; others: the text. */
  value: string;
}

interface LexOptions {
  backslashEscapes: boolean;
  doubleQuoteIsString: boolean;
  hashComments: boolean;
  dollarQuotes: boolean;
  bracketIdents: boolean;
  nestedComments: boolean;
}

const OPTIONS: Record<Dialect, LexOptions> = {
  postgresql: { backslashEscapes: false, doubleQuoteIsString: false, hashComments: false, dollarQuotes: true, bracketIdents: false, nestedComments: true },
  mysql: { backslashEscapes: true, doubleQuoteIsString: true, hashComments: true, dollarQuotes: false, bracketIdents: false, nestedComments: false },
  mariadb: { backslashEscapes: true, doubleQuoteIsString: true, hashComments: true, dollarQuotes: false, bracketIdents: false, nestedComments: false },
  sqlite: { backslashEscapes: false, doubleQuoteIsString: false, hashComments: false, dollarQuotes: false, bracketIdents: true, nestedComments: false },
  bigquery: { backslashEscapes: true, doubleQuoteIsString: true, hashComments: true, dollarQuotes: false, bracketIdents: false, nestedComments: false },
  transactsql: { backslashEscapes: false, doubleQuoteIsString: false, hashComments: false, dollarQuotes: false, bracketIdents: true, nestedComments: true },
  snowflake: { backslashEscapes: true, doubleQuoteIsString: false, hashComments: false, dollarQuotes: true, bracketIdents: false, nestedComments: false },
};

const OP_CHARS = new Set('+-*/<>=~!@#%^&|'.split(''));
const OP_KEEPS_SIGN = /[~!@#%^&|`?]/;
const STRING_PREFIXES = new Set(['N', 'E', 'X', 'B', 'R', 'BR', 'RB', 'U&']);

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}
function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

export function tokenize(sql: string, dialect: Dialect): Token[] {
  const o = OPTIONS[dialect] ?? OPTIONS.postgresql;
  const out: Token[] = [];
  const n = sql.length;
  let i = 0;

  const readQuoted = (start: number, quote: number, backslash: boolean): [end: number, value: string] => {
    let j = start + 1;
    let value = '';
    let chunk = j;
    while (j < n) {
      const c = sql.charCodeAt(j);
      if (backslash && c === 92 && j + 1 < n) {
        value += sql.slice(chunk, j) + sql[j + 1];
        j += 2;
        chunk = j;
        continue;
      }
      if (c === quote) {
        if (sql.charCodeAt(j + 1) === quote) {
          value += sql.slice(chunk, j + 1);
          j += 2;
          chunk = j;
          continue;
        }
        return [j + 1, value + sql.slice(chunk, j)];
      }
      j++;
    }
    return [n, value + sql.slice(chunk, n)];
  };

  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = sql.charCodeAt(i + 1);
    // Comments.
    if ((c === 45 && next === 45) || (c === 35 && o.hashComments)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      continue;
    }
    if (c === 47 && next === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql.charCodeAt(j) === 42 && sql.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else if (o.nestedComments && sql.charCodeAt(j) === 47 && sql.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else j++;
      }
      i = j;
      continue;
    }
    const start = i;
    // Strings and quoted identifiers.
    if (c === 39) {
      const [end, value] = readQuoted(i, 39, o.backslashEscapes);
      out.push({ kind: 'string', start, end, value });
      i = end;
      continue;
    }
    if (c === 34) {
      const [end, value] = readQuoted(i, 34, o.backslashEscapes && o.doubleQuoteIsString);
      out.push({ kind: o.doubleQuoteIsString ? 'string' : 'qident', start, end, value });
      i = end;
      continue;
    }
    if (c === 96) {
      const [end, value] = readQuoted(i, 96, false);
      out.push({ kind: 'qident', start, end, value });
      i = end;
      continue;
    }
    if (c === 91 && o.bracketIdents) {
      const close = sql.indexOf(']', i + 1);
      const end = close < 0 ? n : close + 1;
      out.push({ kind: 'qident', start, end, value: sql.slice(i + 1, close < 0 ? n : close) });
      i = end;
      continue;
    }
    // Dollar-quoted strings, $1 and $name placeholders.
    if (c === 36) {
      if (isDigit(next)) {
        let j = i + 1;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        out.push({ kind: 'param', start, end: j, value: sql.slice(i, j) });
        i = j;
        continue;
      }
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 36) j++;
      if (o.dollarQuotes && sql.charCodeAt(j) === 36) {
        const tag = sql.slice(i, j + 1);
        const close = sql.indexOf(tag, j + 1);
        const end = close < 0 ? n : close + tag.length;
        out.push({ kind: 'string', start, end, value: sql.slice(j + 1, close < 0 ? n : close) });
        i = end;
        continue;
      }
      if (j > i + 1) {
        out.push({ kind: 'param', start, end: j, value: sql.slice(i, j) });
        i = j;
        continue;
      }
    }
    if (c === 63 /* ? */) {
      let j = i + 1;
      while (j < n && isDigit(sql.charCodeAt(j))) j++;
      out.push({ kind: 'param', start, end: j, value: sql.slice(i, j) });
      i = j;
      continue;
    }
    if (c === 58 /* : */) {
      if (next === 58 || next === 61) {
        out.push({ kind: 'op', start, end: i + 2, value: sql.slice(i, i + 2) });
        i += 2;
        continue;
      }
      if (isWordStart(next) || isDigit(next)) {
        let j = i + 1;
        while (j < n && isWordPart(sql.charCodeAt(j))) j++;
        out.push({ kind: 'param', start, end: j, value: sql.slice(i, j) });
        i = j;
        continue;
      }
      out.push({ kind: 'punct', start, end: i + 1, value: ':' });
      i++;
      continue;
    }
    if (c === 64 /* @ */ && isWordStart(next)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      out.push({ kind: 'param', start, end: j, value: sql.slice(i, j) });
      i = j;
      continue;
    }
    if (c === 64 && next === 64) {
      let j = i + 2;
      while (j < n && (isWordPart(sql.charCodeAt(j)) || sql.charCodeAt(j) === 46)) j++;
      out.push({ kind: 'word', start, end: j, value: sql.slice(i, j).toUpperCase() });
      i = j;
      continue;
    }
    // Numbers.
    if (isDigit(c) || (c === 46 && isDigit(next))) {
      let j = i;
      if (c === 48 && (next === 120 || next === 88)) {
        j += 2;
        while (j < n && /[0-9a-fA-F_]/.test(sql[j]!)) j++;
      } else {
        while (j < n && (isDigit(sql.charCodeAt(j)) || sql.charCodeAt(j) === 95)) j++;
        if (sql.charCodeAt(j) === 46 && sql.charCodeAt(j + 1) !== 46) {
          j++;
          while (j < n && isDigit(sql.charCodeAt(j))) j++;
        }
        const e = sql.charCodeAt(j);
        if (e === 101 || e === 69) {
          let k = j + 1;
          if (sql.charCodeAt(k) === 43 || sql.charCodeAt(k) === 45) k++;
          if (isDigit(sql.charCodeAt(k))) {
            j = k;
            while (j < n && isDigit(sql.charCodeAt(j))) j++;
          }
        }
      }
      out.push({ kind: 'number', start, end: j, value: sql.slice(i, j) });
      i = j;
      continue;
    }
    // Words, and prefixed strings such as E'..', N'..', X'..', _utf8mb4'..'.
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(sql.charCodeAt(j))) j++;
      let word = sql.slice(i, j).toUpperCase();
      if (word === 'U' && sql.charCodeAt(j) === 38 && sql.charCodeAt(j + 1) === 39) {
        word = 'U&';
        j++;
      }
      if (sql.charCodeAt(j) === 39 && (STRING_PREFIXES.has(word) || word.startsWith('_'))) {
        const [end, value] = readQuoted(j, 39, o.backslashEscapes || word === 'E');
        out.push({ kind: 'string', start, end, value });
        i = end;
        continue;
      }
      out.push({ kind: 'word', start, end: j, value: word });
      i = j;
      continue;
    }
    if (OP_CHARS.has(sql[i]!)) {
      let j = i + 1;
      while (j < n && OP_CHARS.has(sql[j]!)) {
        const a = sql.charCodeAt(j);
        const b = sql.charCodeAt(j + 1);
        if ((a === 45 && b === 45) || (a === 47 && b === 42)) break;
        j++;
      }
      let op = sql.slice(i, j);
      if (op.length > 1 && !OP_KEEPS_SIGN.test(op)) {
        while (op.length > 1 && (op.endsWith('+') || op.endsWith('-'))) op = op.slice(0, -1);
      }
      out.push({ kind: 'op', start, end: i + op.length, value: op });
      i += op.length;
      continue;
    }
    out.push({ kind: 'punct', start, end: i + 1, value: sql[i]! });
    i++;
  }
  return out;
}

/** Token index ranges [first, last] of each non-empty `;`-separated statement. */
export function statementRanges(tokens: readonly Token[]): [number, number][] {
  const out: [number, number][] = [];
  let first = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.value === ';') {
      if (first >= 0) out.push([first, i - 1]);
      first = -1;
    } else if (first < 0) first = i;
  }
  if (first >= 0) out.push([first, tokens.length - 1]);
  return out;
}
