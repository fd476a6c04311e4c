/**
 * Library-specific parameter syntaxes (TypeORM/Sequelize/knex `:name`,
 * pg-promise `${name}` `$(name)` `$<name>` `$/name/`, SQLite `@name` `$name`,
 * knex `??`) are rewritten to the dialect's own placeholder, padded with spaces
 * to the same length so every offset, and so the segment map, stays valid.
 */
import type { Dialect } from '../core/types.js';

const PG_PROMISE = /\$(?:\{([^}]*)\}|\(([^)]*)\)|<([^>]*)>|\[([^\]]*)\]|\/([^/]*)\/)/y;

export function normaliseNamedParameters(sql: string, dialect: Dialect): string {
  const placeholder = dialect === 'postgresql' ? '$1' : '?';
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    // Skip quoted text and comments: placeholders inside them are not placeholders.
    if (c === "'" || c === '"' || c === '`') {
      const end = closeQuote(sql, i, c);
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '$') {
      PG_PROMISE.lastIndex = i;
      const m = PG_PROMISE.exec(sql);
      if (m) {
        const inner = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').trim();
        out += pad(pgPromiseStandIn(inner, placeholder), m[0].length);
        i += m[0].length;
        continue;
      }
      const named = /^\$[A-Za-z_]\w*/.exec(sql.slice(i));
      if (named && sql[i + named[0].length] !== '$' && !isDollarQuoteStart(sql, i)) {
        out += pad(placeholder, named[0].length);
        i += named[0].length;
        continue;
      }
    }
    if ((c === ':' || c === '@') && next !== undefined && prevAllowsParam(sql, i)) {
      const m = /^[:@](?:\.\.\.)?[A-Za-z_][\w.]*/.exec(sql.slice(i));
      if (m && next !== ':' && !(c === '@' && sql[i + 1] === '@')) {
        out += pad(placeholder, m[0].length);
        i += m[0].length;
        continue;
      }
    }
    if (c === '?' && next === '?') {
      out += 'id';
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

function pgPromiseStandIn(inner: string, placeholder: string): string {
  if (/(?::raw|\^)$/.test(inner)) return '';
  if (/(?::name|~|:alias)$/.test(inner)) return 'x';
  return placeholder;
}

function pad(text: string, length: number): string {
  return text.length >= length ? text.slice(0, length) : text + ' '.repeat(length - text.length);
}

function closeQuote(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    if (sql[i] === '\\' && quote !== '"') i++;
    i++;
  }
  return sql.length;
}

/** `a::int` is a cast and `x:=1` an assignment; a parameter follows an operator, space or paren. */
function prevAllowsParam(sql: string, i: number): boolean {
  const prev = sql[i - 1];
  if (prev === ':' || sql[i + 1] === '=') return false;
  return prev === undefined || /[\s(,=<>!+\-*/%|]/.test(prev);
}

function isDollarQuoteStart(sql: string, i: number): boolean {
  const m = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i));
  return m !== null;
}
