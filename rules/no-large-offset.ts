import { NO_OPTIONS, defineRule } from '../src/core/rule.js';

// Placeholder: being written.
export default defineRule({
  name: 'no-large-offset',
  meta: { description: 'TODO', category: 'performance', severity: 'warning', recommended: true, fixable: false, dialects: 'all' },
  messages: { todo: { message: 'TODO message', help: 'TODO help text' } },
  options: NO_OPTIONS,
  docs: { rationale: 'TODO', incorrect: [], correct: [] },
  visit: {},
});
