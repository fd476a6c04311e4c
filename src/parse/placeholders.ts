/**
 * PostgreSQL only understands `$n` parameters, but query builders and ORMs
 * send SQL with `?`, `?1`, `:name` or pg-promise's `$1:csv` to Postgres (they
 * rewrite it before it reaches the server). To parse such text, those
 * placeholders are rewritten to `$n`, and every offset the parser reports is
 * mapped back to the text as written. The rewrite is only tried when the text
 * as written does not parse, so valid jsonb `?` operators are never touched.
 */
import { tokenize } from './lexer.js';

export interface Rewrite {
  sql: string;
  /** Maps an offset in the rewritten text back to the original. */
  toOriginal(offset: number): number;
}

interface Edit {
  from: number;
  to: number;
  newFrom: number;
  newTo: number;
}

export function rewritePlaceholders(sql: string): Rewrite | undefined {
  if (!/[?:]/.test(sql)) return undefined;
  const tokens = tokenize(sql, 'postgresql');
  let max = 0;
  for (const t of tokens) if (t.kind === 'param' && /^\$\d+$/.test(t.value)) max = Math.max(max, Number(t.value.slice(1)));
  const named = new Map<string, number>();
  const edits: Edit[] = [];
  let out = '';
  let last = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'param') continue;
    let end = t.end;
    let replacement: string | undefined;
    const next = tokens[i + 1];
    if (/^\$\d+$/.test(t.value)) {
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
    if (replacement === undefined) continue;
    out += sql.slice(last, t.start);
    const newFrom = out.length;
    out += replacement;
    edits.push({ from: t.start, to: end, newFrom, newTo: out.length });
    last = end;
  }
  if (edits.length === 0) return undefined;
  out += sql.slice(last);
  return {
    sql: out,
    toOriginal(offset: number): number {
      let delta = 0;
      for (const e of edits) {
        if (offset <= e.newFrom) break;
        if (offset < e.newTo) return e.from;
        delta = e.to - e.newTo;
      }
      return offset + delta;
    },
  };
}
