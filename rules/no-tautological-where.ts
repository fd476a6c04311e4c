import { mayHideClauses } from '../src/core/fragment.js';
import { NO_OPTIONS, defineRule, type QueryContext } from '../src/core/rule.js';
import type { Expr, LiteralExpr } from '../src/parse/model.js';

type Truth = boolean | undefined;

function isLiteral(e: Expr): e is LiteralExpr {
  return e.type === 'literal' && e.kind !== 'null';
}

/** `x` and `x`, or `t.x` and `t.x`: the same column of the same row. */
function sameColumn(a: Expr, b: Expr): boolean {
  return (
    a.type === 'column' && b.type === 'column' &&
    a.name.toLowerCase() === b.name.toLowerCase() &&
    (a.table ?? '').toLowerCase() === (b.table ?? '').toLowerCase() &&
    (a.schema ?? '').toLowerCase() === (b.schema ?? '').toLowerCase()
  );
}

function compare(op: string, a: string | number | boolean, b: string | number | boolean): Truth {
  switch (op) {
    case '=':
    case 'IS NOT DISTINCT FROM':
      return a === b;
    case '<>':
    case '!=':
    case 'IS DISTINCT FROM':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return undefined;
  }
}

/**
 * What a condition evaluates to whatever the row: true, false, or unknown.
 * Only literals count as known: parameters and columns are unknown, except a
 * column compared with itself.
 */
function truth(e: Expr): Truth {
  switch (e.type) {
    case 'literal':
      // MySQL and SQLite accept `WHERE 1`.
      return e.kind === 'boolean' ? (e.value as boolean) : e.kind === 'number' ? e.value !== 0 : undefined;
    case 'unary': {
      if (e.op !== 'NOT') return undefined;
      const t = truth(e.operand);
      return t === undefined ? undefined : !t;
    }
    case 'binary': {
      if (e.op === 'AND' || e.op === 'OR') {
        const l = truth(e.left);
        const r = truth(e.right);
        if (e.op === 'AND') return l === false || r === false ? false : l === true && r === true ? true : undefined;
        return l === true || r === true ? true : l === false && r === false ? false : undefined;
      }
      if (sameColumn(e.left, e.right)) return compare(e.op, 0, 0);
      if (!isLiteral(e.left) || !isLiteral(e.right) || e.left.kind !== e.right.kind) return undefined;
      // Different strings may still be equal under a collation (MySQL ignores case and trailing spaces).
      if (e.left.kind === 'string' && e.left.value !== e.right.value) return undefined;
      return compare(e.op, e.left.value!, e.right.value!);
    }
    default:
      return undefined;
  }
}

/** The part that makes an always-true condition true: the true disjunct of an OR chain, else the whole. */
function culprit(e: Expr): Expr {
  if (e.type === 'binary' && e.op === 'OR') return truth(e.left) === true ? culprit(e.left) : culprit(e.right);
  return e;
}

const EFFECT = { select: 'the query returns every row', update: 'the UPDATE changes every row', delete: 'the DELETE removes every row' } as const;

type Messages = 'alwaysTrue' | 'orAlwaysTrue';

function check(where: Expr | undefined, kind: keyof typeof EFFECT, ctx: QueryContext<unknown, Messages>): void {
  if (!where || truth(where) !== true) return;
  const fragment = ctx.fragment;
  // Appended or composed text may continue the condition (`WHERE 1=1 ${filters}`).
  if (mayHideClauses(fragment)) return;
  const part = culprit(where);
  // A query built from optional pieces has variants; the one without filters keeps a bare `1=1` prefix.
  if ((fragment.variants ?? 1) > 1 && part === where) return;
  // A bare `1=1` in a knex whereRaw() piece is ANDed with the builder's other conditions.
  if (fragment.context !== 'statement' && part === where) return;
  const raw = fragment.sql.slice(part.span.start, part.span.end).replace(/\s+/g, ' ');
  ctx.report({
    messageId: part === where ? 'alwaysTrue' : 'orAlwaysTrue',
    span: part.span,
    data: {
      condition: raw.length > 60 ? `${raw.slice(0, 57)}...` : raw,
      subject: fragment.context === 'statement' ? 'the whole WHERE' : 'this condition',
      effect: fragment.context === 'statement' ? EFFECT[kind] : 'it filters nothing',
    },
  });
}

export default defineRule<unknown, Messages>({
  name: 'no-tautological-where',
  meta: {
    description: 'Disallow WHERE clauses that are always true',
    category: 'correctness',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    alwaysTrue: {
      message: 'WHERE `{{condition}}` is always true: {{effect}}',
      help: 'Write the filter the code means, comparing a column with a parameter or with another table\'s column. `WHERE 1=1` only makes sense as a prefix for appended `AND ...` conditions; drop it when nothing is appended.',
    },
    orAlwaysTrue: {
      message: '`OR {{condition}}` makes {{subject}} always true: {{effect}}',
      help: 'Remove `OR {{condition}}`: it makes the other conditions of the OR irrelevant. If the text was built from input, this is the shape of SQL injection (`\' OR 1=1 --`): pass values as bound parameters.',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'A WHERE that is always true filters nothing: a SELECT returns the whole table, an UPDATE or DELETE touches every row. ' +
      'It is almost always a mistake: a column compared with itself instead of with a parameter (`WHERE id = id`), a debugging `OR 1=1` left behind, ' +
      'or the trace of SQL injection, where input such as `\' OR 1=1 --` turned a lookup into a dump. ' +
      'The query-builder idiom `WHERE 1=1 AND ...` is fine: its effective filter is what follows, so it is not reported. ' +
      'Parameters are unknown values, so `WHERE $1 = $1` is not reported either. `x = x` is true for every row where x is not null.',
    incorrect: [
      {
        language: 'ts',
        code: "await pool.query('SELECT id, email FROM users WHERE email = $1 OR 1=1', [email]);",
        description: 'A debugging `OR 1=1` left in: every user is returned.',
      },
      {
        language: 'ts',
        code: "await pool.query('UPDATE accounts SET balance = $1 WHERE id = id', [balance]);",
        description: 'The column compared with itself instead of with a parameter: every account is updated.',
      },
      { language: 'sql', dialect: 'mysql', code: 'DELETE FROM sessions WHERE 1;' },
    ],
    correct: [
      {
        language: 'ts',
        code: "await pool.query('SELECT id FROM users WHERE 1=1 AND team_id = $1 AND active', [teamId]);",
        description: 'A builder prefix: the effective filter is what follows `1=1`.',
      },
      { language: 'sql', code: 'SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.id = o.created_by;' },
      { language: 'sql', code: 'SELECT id FROM jobs WHERE true AND finished_at IS NULL;' },
      {
        language: 'ts',
        code: 'await pool.query(`SELECT id FROM users WHERE 1=1 ${filters}`, params);',
        description: 'Conditions appended at run time: unknown, so not reported.',
      },
    ],
    whenNotToUse: 'When generated SQL deliberately uses an always-true WHERE to select all rows and rewriting the generator is not an option.',
  },
  visit: {
    select(stmt, ctx) {
      check(stmt.where, 'select', ctx);
    },
    update(stmt, ctx) {
      check(stmt.where, 'update', ctx);
    },
    delete(stmt, ctx) {
      check(stmt.where, 'delete', ctx);
    },
  },
});
