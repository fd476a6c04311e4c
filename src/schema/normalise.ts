/**
 * Canonical keys for expressions, so an index declared on `lower(email)`
 * matches a predicate written `LOWER( "email" )` or `lower(u.email)`, and a
 * partial index `WHERE deleted_at IS NULL` matches the same conjunct in a query.
 *
 * The key is printed from the model, not from the text: lower-case, quotes and
 * table qualifiers dropped (the caller knows which table the columns belong
 * to), redundant parentheses gone, casts kept in one spelling (`x::type`),
 * every bound parameter printed `?`. Spaces only separate words.
 */
import type { Dialect } from '../core/types.js';
import type { Expr } from '../parse/model.js';
import { tokenize } from '../parse/lexer.js';

/** Canonical key of an expression; `sql` is the text its spans index into. */
export function normaliseExpr(expr: Expr, sql: string): string {
  return print(expr, sql);
}

/** Canonical keys of the AND-ed parts of a predicate (for partial-index implication). */
export function conjunctKeys(expr: Expr, sql: string): string[] {
  if (expr.type === 'binary' && expr.op === 'AND') return [...conjunctKeys(expr.left, sql), ...conjunctKeys(expr.right, sql)];
  return [print(expr, sql)];
}

/** Prefix operators; every other unary operator (IS NULL, IS TRUE ...) follows its operand. */
const PREFIX = new Set(['NOT', '-', '+', '~', 'EXISTS', 'NOT EXISTS', '@', '|/', '||/']);
const WORD = /^[a-z_]/;

function print(e: Expr, sql: string): string {
  switch (e.type) {
    case 'column':
      return e.name.toLowerCase();
    case 'literal':
      if (e.kind === 'string') return `'${String(e.value).replace(/'/g, "''")}'`;
      return String(e.value).toLowerCase();
    case 'param':
      return '?';
    case 'binary': {
      const op = e.op.toLowerCase();
      return `${operand(e.left, sql)}${joinOp(op)}${operand(e.right, sql)}`;
    }
    case 'unary': {
      const op = e.op.toLowerCase();
      if (PREFIX.has(e.op)) return WORD.test(op) ? `${op} ${operand(e.operand, sql)}` : `${op}${operand(e.operand, sql)}`;
      return `${operand(e.operand, sql)} ${op}`;
    }
    case 'function': {
      const args = e.star ? '*' : e.args.map((a) => print(a, sql)).join(',');
      return `${e.name.toLowerCase()}(${e.distinct ? 'distinct ' : ''}${args})`;
    }
    case 'cast':
      return `${operand(e.expr, sql)}::${e.to.toLowerCase().replace(/\s+/g, ' ')}`;
    case 'list':
      return `(${e.items.map((i) => print(i, sql)).join(',')})`;
    case 'between':
      return `${operand(e.expr, sql)}${e.not ? ' not' : ''} between ${operand(e.low, sql)} and ${operand(e.high, sql)}`;
    case 'case': {
      const parts = ['case'];
      if (e.operand) parts.push(print(e.operand, sql));
      for (const w of e.whens) parts.push('when', print(w.when, sql), 'then', print(w.then, sql));
      if (e.else) parts.push('else', print(e.else, sql));
      parts.push('end');
      return parts.join(' ');
    }
    case 'star':
      return e.table ? `${e.table.toLowerCase()}.*` : '*';
    case 'subquery':
    case 'unknown':
      return normaliseSqlText(sql.slice(e.span.start, e.span.end));
  }
}

/** Word operators (and, in, like ...) need spaces; symbols do not. */
function joinOp(op: string): string {
  return WORD.test(op) ? ` ${op} ` : op;
}

/** Operands that are themselves operations get parentheses, so grouping survives without redundant pairs. */
function operand(e: Expr, sql: string): string {
  const text = print(e, sql);
  return e.type === 'binary' || e.type === 'between' || (e.type === 'unary' && !PREFIX.has(e.op)) ? `(${text})` : text;
}

/**
 * The same canonical form for text the model does not describe (subqueries,
 * unknown expressions): tokens lower-cased and unquoted, parameters as `?`,
 * spaces only between words.
 */
export function normaliseSqlText(text: string, dialect: Dialect = 'postgresql'): string {
  let out = '';
  let prevWord = false;
  for (const t of tokenize(text, dialect)) {
    let piece: string;
    if (t.kind === 'word' || t.kind === 'qident') piece = t.value.toLowerCase();
    else if (t.kind === 'string') piece = `'${t.value.replace(/'/g, "''")}'`;
    else if (t.kind === 'param') piece = '?';
    else piece = t.value.toLowerCase();
    const isWord = /^[\w$?']/.test(piece);
    if (isWord && prevWord) out += ' ';
    out += piece;
    prevWord = isWord;
  }
  return stripOuterParens(out);
}

function stripOuterParens(s: string): string {
  while (s.startsWith('(') && s.endsWith(')')) {
    let depth = 0;
    let closesAtEnd = true;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '(') depth++;
      else if (s[i] === ')') depth--;
      if (depth === 0 && i < s.length - 1) {
        closesAtEnd = false;
        break;
      }
    }
    if (!closesAtEnd) break;
    s = s.slice(1, -1);
  }
  return s;
}

/** Renames a column inside a canonical key (ALTER TABLE ... RENAME COLUMN updates expression indexes). */
export function renameInKey(key: string, from: string, to: string): string {
  const escaped = from.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return key.replace(new RegExp(`(?<![\\w$'.])${escaped}(?![\\w$'(])`, 'g'), to.toLowerCase());
}
