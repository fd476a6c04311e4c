/** Questions rules ask about a fragment's text as extraction built it. */
import type { SqlFragment } from './types.js';

/**
 * Whether unknown SQL text could sit somewhere in the statement (`${where}`,
 * a fragment assembled at run time): a rule that reports a missing clause must
 * then stay quiet, since the hole may hold it.
 */
export function mayHideClauses(fragment: SqlFragment): boolean {
  return fragment.holes.some((h) => h.role === 'clause' || h.kind === 'fragment');
}
