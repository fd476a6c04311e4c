/** Questions rules ask about a fragment's text as extraction built it. */
import { lineStartsOf } from './location.js';
import type { Dialect, SqlFragment } from './types.js';

/**
 * Whether unknown SQL text could sit somewhere in the statement (`${where}`,
 * a fragment assembled at run time): a rule that reports a missing clause must
 * then stay quiet, since the hole may hold it.
 */
export function mayHideClauses(fragment: SqlFragment): boolean {
  return fragment.holes.some((h) => h.role === 'clause' || h.kind === 'fragment');
}

/**
 * A fragment that is a whole text as it stands (a `.sql` file, DDL read from a
 * server): one segment maps every offset to itself. `sql` may differ from `text`
 * only by same-length blanking.
 */
export function wholeTextFragment(file: string, text: string, dialect: Dialect, dialectSource: SqlFragment['dialectSource'], sql = text): SqlFragment {
  return {
    file,
    sql,
    dialect,
    dialectSource,
    library: 'sql-file',
    api: '',
    origin: 'sql-file',
    parameterises: false,
    holes: [],
    segments: [{ sqlStart: 0, fileStart: 0, length: text.length, source: 0 }],
    site: { start: 0, end: text.length },
    start: { start: 0, end: text.length },
    variant: 0,
    variants: 1,
    partial: false,
    sources: [{ file, lineStarts: lineStartsOf(text) }],
    context: 'statement',
  };
}
