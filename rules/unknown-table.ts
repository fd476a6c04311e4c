import { NO_OPTIONS, defineRule } from '../src/core/rule.js';

// Placeholder: being written.
export default defineRule({
  name: 'unknown-table',
  meta: { description: 'TODO', category: 'schema', severity: 'warning', recommended: true, fixable: false, dialects: 'all', requiresSchema: true },
  messages: { todo: { message: 'TODO message', help: 'TODO help text' } },
  options: NO_OPTIONS,
  docs: { rationale: 'TODO', incorrect: [], correct: [] },
  visit: {},
});
