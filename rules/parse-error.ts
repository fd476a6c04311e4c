import { NO_OPTIONS, defineRule } from '../src/core/rule.js';

export default defineRule({
  name: 'parse-error',
  meta: {
    description: 'Report SQL that the dialect parser cannot read',
    category: 'syntax',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    parseError: {
      message: 'SQL does not parse as {{dialect}}: {{detail}}',
      help: 'Fix the syntax near this position, or set the right `dialect` for this file in the sqlwarden config if the SQL is written for another database.',
    },
  },
  options: NO_OPTIONS,
  docs: {
    rationale:
      'A query the parser cannot read is a query no other rule can check, and usually one the database will reject at run time. ' +
      'Reporting it, with the parser\'s own message at the exact position, catches typos before deployment and tells you when sqlwarden is reading a file in the wrong dialect.',
    incorrect: [
      { language: 'sql', code: 'SELEC id FROM users;', description: 'A misspelt keyword.' },
      { language: 'ts', code: "await pool.query('SELECT id FROM users WHERE id = $1 ORDER created_at');", description: 'ORDER without BY.' },
    ],
    correct: [
      { language: 'sql', code: 'SELECT id FROM users WHERE id = 1;' },
      {
        language: 'ts',
        code: "await pool.query(`SELECT id FROM ${table} WHERE id = $1`, [id]);",
        description: 'SQL with an unknown interpolated piece is not reported when the hole explains the failure.',
      },
    ],
    whenNotToUse: 'When a file holds SQL for a dialect sqlwarden does not parse; prefer setting `dialect` in an override for those files.',
  },
  visit: {
    query(query, ctx) {
      const error = query.error;
      if (!error) return;
      // Partial SQL (holes of unknown text) may fail only because of the hole, and a piece
      // (TypeORM `where('user.id = :id')`) is parsed inside a host statement the ORM would write
      // differently (it quotes aliases such as `user`): neither failure says the SQL is wrong.
      if (ctx.fragment.partial || ctx.fragment.context !== 'statement') return;
      const at = Math.min(error.offset, Math.max(0, ctx.fragment.sql.length - 1));
      const token = /^[^\s,;()]+/.exec(ctx.fragment.sql.slice(at))?.[0] ?? ' ';
      ctx.report({
        messageId: 'parseError',
        span: { start: at, end: at + Math.max(1, token.length) },
        data: { dialect: ctx.fragment.dialect, detail: error.message },
        evidence: 'syntax',
      });
    },
  },
});
