/**
 * Query builders and ORMs hand Postgres text it would not accept as written,
 * because they rewrite it before it reaches the server: `?`, `?1`, `:name` or
 * pg-promise's `$1:csv` placeholders, and TypeORM's `user.email` (a reserved
 * word as an alias, quoted by the ORM). When the text as written does not
 * parse, these are rewritten (`$n`, `"user".email`) and every offset the
 * parser reports is mapped back to the text as written. Text that parses is
 * never rewritten, so a valid jsonb `?` operator is not touched.
 */
import { tokenize, type Token } from './lexer.js';
import { applyEdits, type Edit, type Rewrite } from './remap.js';

/** PostgreSQL's reserved keywords: never valid as an unquoted qualifier. */
const RESERVED = new Set(
  ('ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC BOTH CASE CAST CHECK COLLATE COLUMN CONSTRAINT CREATE ' +
    'CURRENT_CATALOG CURRENT_DATE CURRENT_ROLE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER DEFAULT DEFERRABLE DESC ' +
    'DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN FROM GRANT GROUP HAVING IN INITIALLY INTERSECT INTO LATERAL ' +
    'LEADING LIMIT LOCALTIME LOCALTIMESTAMP NOT NULL OFFSET ON ONLY OR ORDER PLACING PRIMARY REFERENCES RETURNING ' +
    'SELECT SESSION_USER SOME SYMMETRIC SYSTEM_USER TABLE THEN TO TRAILING TRUE UNION UNIQUE USER USING VARIADIC WHEN ' +
    'WHERE WINDOW WITH').split(' '),
);

export function repairForPostgres(sql: string, tokens: readonly Token[] = tokenize(sql, 'postgresql')): Rewrite | undefined {
  let max = 0;
  for (const t of tokens) if (t.kind === 'param' && /^\$\d+$/.test(t.value)) max = Math.max(max, Number(t.value.slice(1)));
  const named = new Map<string, number>();
  const edits: Edit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let end = t.end;
    let replacement: string | undefined;
    const next = tokens[i + 1];
    if (t.kind === 'word') {
      if (!RESERVED.has(t.value) || next?.kind !== 'punct' || next.value !== '.' || next.start !== t.end) continue;
      if (tokens[i - 1]?.kind === 'punct' && tokens[i - 1]!.value === '.') continue;
      replacement = `"${sql.slice(t.start, t.end).toLowerCase()}"`;
    } else if (t.kind !== 'param') continue;
    else if (/^\$\d+$/.test(t.value)) {
      // pg-promise filters: $1:csv, $1:name, $1:raw ...
      if (next && next.kind === 'param' && next.start === t.end && next.value.startsWith(':')) {
        replacement = t.value;
        end = next.end;
        i++;
      }
    } else if (t.value.startsWith('?') || t.value.startsWith(':')) {
      // Not the jsonb / jsonpath operators `?|`, `?&`, `@?`.
      const prev = tokens[i - 1];
      if (t.value === '?' && next?.kind === 'op' && next.start === t.end && /^[|&#-]/.test(next.value)) continue;
      if (t.value === '?' && prev?.kind === 'op' && prev.end === t.start && /[@#]$/.test(prev.value)) continue;
      const key = t.value === '?' ? `?${edits.length}` : t.value;
      let n = named.get(key);
      if (n === undefined) {
        n = ++max;
        named.set(key, n);
      }
      replacement = `$${n}`;
    }
    if (replacement !== undefined) edits.push({ from: t.start, to: end, text: replacement });
  }
  return edits.length > 0 ? applyEdits(sql, edits) : undefined;
}
