import { describe, expect, it } from 'vitest';
import { defineRule, NO_OPTIONS } from '../../src/core/rule.js';
import { lintText } from '../../src/api.js';
import { ALL_RULES } from '../../rules/index.js';

const crashing = defineRule({
  name: 'no-select-star',
  meta: { description: 'A rule with a bug', category: 'performance', severity: 'warning', recommended: true, fixable: false, dialects: 'all' },
  messages: { m: { message: 'never reported', help: 'never shown at all' } },
  options: NO_OPTIONS,
  docs: { rationale: '', incorrect: [], correct: [] },
  visit: {
    select() {
      throw new Error('boom');
    },
  },
});

describe('engine', () => {
  it('turns a rule that throws into a note for that query, and keeps the other findings', async () => {
    const rules = [...ALL_RULES.filter((r) => r.name !== 'no-select-star'), crashing];
    const r = await lintText("await pool.query('SELECT * FROM t');\nawait pool.query('DELETE FROM sessions');", { rules });
    expect(r.notes).toEqual([{ file: 'input.ts', reason: expect.stringMatching(/analysis failed at 1:18: boom/) }]);
    expect(r.diagnostics.map((d) => d.ruleId)).toContain('no-delete-without-where');
  });
});
