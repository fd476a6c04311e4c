import { defineRule } from '../src/core/rule.js';

/**
 * The engine does this rule's work (directives are read once per file and marked
 * as used while findings are filtered); this file holds its contract and docs.
 */
export default defineRule({
  name: 'unused-disable',
  meta: {
    description: 'Report sqlwarden-disable directives that suppress nothing, or that give no reason when one is required',
    category: 'meta',
    severity: 'warning',
    recommended: true,
    fixable: false,
    dialects: 'all',
  },
  messages: {
    unused: {
      message: 'Unused sqlwarden-disable directive.',
      help: 'Remove the directive, or move it next to the finding it is meant for.',
    },
    missingReason: {
      message: 'sqlwarden-disable directive has no reason.',
      help: 'Say why after " -- ".',
    },
  },
  options: {
    type: 'object',
    properties: {
      requireReason: {
        type: 'boolean',
        description: 'Require a reason after ` -- ` in every directive; a directive without one does not suppress. On in the `strict` preset.',
        default: false,
      },
    },
    additionalProperties: false,
  },
  docs: {
    rationale:
      'Suppressions outlive the code they were written for. A directive that no longer silences anything hides the next real finding on that line, so it is reported for removal. ' +
      'Teams that want each exception explained can require a reason after ` -- `.',
    incorrect: [
      {
        language: 'ts',
        code: "// sqlwarden-disable-next-line no-select-star -- legacy report\nawait pool.query('SELECT id FROM users WHERE id = $1', [id]);",
        description: 'Nothing on the next line is a no-select-star finding.',
      },
      {
        language: 'ts',
        options: { requireReason: true },
        code: "// sqlwarden-disable-next-line no-select-star\nawait pool.query('SELECT * FROM users WHERE id = $1', [id]);",
        description: 'With requireReason, a directive without ` -- reason` is reported and does not apply.',
      },
    ],
    correct: [
      {
        language: 'ts',
        code: "// sqlwarden-disable-next-line no-select-star -- the view has three columns\nawait pool.query('SELECT * FROM active_users_v WHERE id = $1', [id]);",
      },
    ],
  },
  visit: {},
});
