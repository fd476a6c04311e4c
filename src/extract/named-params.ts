/**
 * Library parameter syntaxes are rewritten to the dialect's own placeholder
 * before parsing: TypeORM/Sequelize/knex `:name`, pg-promise `${name}` `$(name)`
 * `$<name>` `$/name/` and `$1:csv`, SQLite `@name` `$name`, knex `??`, and the
 * `?` bindings knex and Sequelize send to PostgreSQL. Each rewrite is an edit
 * applied to the piece, so the segment map stays exact.
 */
import type { Dialect } from '../core/types.js';
import type { TextEdit } from './piece.js';

const PG_PROMISE = /\$(?:\{([^}]*)\}|\(([^)]*)\)|<([^>]*)>|\[([^\]]*)\]|\/([^/]*)\/)/y;
const PG_PROMISE_FILTER = /\$(\d+)(:(?:raw|name|alias|json|csv|list|value)|\^|~|#)/y;
/** Stand-in column for the fields of an object a driver expands after SET; schema rules ignore it. */
export const OBJECT_FIELDS = 'sqlwarden_object_fields';

/** Libraries that bind `?` whatever the database (PostgreSQL itself reads `?` as a JSONB operator). */
const QUESTION_MARK_BINDERS = new Set(['knex', 'sequelize', 'objection', 'mikro-orm']);

export function parameterEdits(sql: string, dialect: Dialect, library: string): TextEdit[] {
  const pg = dialect === 'postgresql';
  const edits: TextEdit[] = [];
  let next = 1 + Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  const placeholder = () => (pg ? `$${next++}` : '?');
  const bindsQuestionMarks = pg && QUESTION_MARK_BINDERS.has(library);
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const n = sql[i + 1];
    if (c === "'" || c === '"' || c === '`') {
      i = closeQuote(sql, i, c);
      continue;
    }
    if (c === '-' && n === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end;
      continue;
    }
    if (c === '/' && n === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    if (c === '$') {
      PG_PROMISE.lastIndex = i;
      const m = PG_PROMISE.exec(sql);
      if (m) {
        const inner = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '').trim();
        edits.push({ start: i, end: i + m[0].length, text: pgPromiseStandIn(inner, placeholder) });
        i += m[0].length;
        continue;
      }
      PG_PROMISE_FILTER.lastIndex = i;
      const f = PG_PROMISE_FILTER.exec(sql);
      if (f) {
        const kind = f[2]!;
        const text = kind === ':raw' || kind === '^' ? '' : kind === ':name' || kind === '~' || kind === ':alias' ? 'x' : `$${f[1]}`;
        edits.push({ start: i, end: i + f[0].length, text });
        i += f[0].length;
        continue;
      }
      const named = /^\$[A-Za-z_]\w*/.exec(sql.slice(i, i + 64));
      if (named && sql[i + named[0].length] !== '$' && !/^\$(?:[A-Za-z_]\w*)?\$/.test(sql.slice(i, i + 64))) {
        edits.push({ start: i, end: i + named[0].length, text: placeholder() });
        i += named[0].length;
        continue;
      }
    }
    if ((c === ':' || c === '@') && n !== undefined && prevAllowsParam(sql, i)) {
      const m = /^[:@](?:\.\.\.)?[A-Za-z_][\w.]*/.exec(sql.slice(i, i + 128));
      if (m && n !== ':' && !(c === '@' && n === '@')) {
        edits.push({ start: i, end: i + m[0].length, text: placeholder() });
        i += m[0].length;
        continue;
      }
    }
    // mysql/mysql2 expand an object after SET: `INSERT INTO t SET ?`, `UPDATE t SET ? WHERE ...`.
    if (c === '?' && (dialect === 'mysql' || dialect === 'mariadb') && /\bset\s*$/i.test(sql.slice(Math.max(0, i - 8), i))) {
      const insert = /^\s*insert\b/i.test(sql);
      edits.push(insert ? { start: i - (sql.slice(0, i).length - sql.slice(0, i).search(/set\s*$/i)), end: i + 1, text: 'VALUES (?)' } : { start: i, end: i + 1, text: `${OBJECT_FIELDS} = ?` });
      i++;
      continue;
    }
    if (c === '?' && n === '?') {
      edits.push({ start: i, end: i + 2, text: pg ? '"id"' : 'id' });
      i += 2;
      continue;
    }
    if (c === '?' && bindsQuestionMarks && sql[i - 1] !== '\\' && !/[|&]/.test(n ?? '')) {
      edits.push({ start: i, end: i + 1, text: placeholder() });
      i++;
      continue;
    }
    i++;
  }
  return edits;
}

function pgPromiseStandIn(inner: string, placeholder: () => string): string {
  if (/(?::raw|\^)$/.test(inner)) return '';
  if (/(?::name|~|:alias)$/.test(inner)) return 'x';
  return placeholder();
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
