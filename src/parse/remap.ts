/**
 * Parsing a text other than the fragment's own (a piece wrapped in a host
 * statement, placeholders rewritten for a parser that lacks them) and mapping
 * every offset in the result back to the fragment.
 */
import type { Range } from '../core/types.js';
import type { ParsedQuery } from './model.js';

type Node = Record<string, any>;

export interface Rewrite {
  sql: string;
  /** Maps an offset in the rewritten text back to the original. */
  toOriginal(offset: number): number;
}

export interface Edit {
  from: number;
  to: number;
  text: string;
}

/** Applies sorted, non-overlapping replacements. */
export function applyEdits(sql: string, edits: readonly Edit[]): Rewrite {
  const placed: { from: number; to: number; newFrom: number; newTo: number }[] = [];
  let out = '';
  let last = 0;
  for (const e of edits) {
    out += sql.slice(last, e.from);
    const newFrom = out.length;
    out += e.text;
    placed.push({ from: e.from, to: e.to, newFrom, newTo: out.length });
    last = e.to;
  }
  out += sql.slice(last);
  return {
    sql: out,
    toOriginal(offset: number): number {
      let delta = 0;
      for (const p of placed) {
        if (offset <= p.newFrom) break;
        if (offset < p.newTo) return p.from;
        delta = p.to - p.newTo;
      }
      return offset + delta;
    },
  };
}

/** Maps a parse of `rewrite.sql` back onto `sql`; parameters keep the text they were written with. */
export function mapBack(q: ParsedQuery, sql: string, rewrite: Rewrite): ParsedQuery {
  remapSpans(
    q.statements,
    (span) => {
      const start = rewrite.toOriginal(span.start);
      return { start, end: Math.max(start, rewrite.toOriginal(span.end)) };
    },
    (node) => {
      if (node.type === 'param' && typeof node.name === 'string') node.name = sql.slice(node.span.start, node.span.end);
    },
  );
  if (q.error) q.error = { message: q.error.message, offset: rewrite.toOriginal(q.error.offset) };
  return q;
}

export function remapSpans(root: unknown, map: (span: Range) => Range, visit?: (node: Node & { span: Range }) => void): void {
  const seen = new WeakSet<object>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node) walk(x);
      return;
    }
    const n = node as Node;
    for (const k of Object.keys(n)) {
      const v = n[k];
      if (k === 'span' && v && typeof v.start === 'number' && typeof v.end === 'number') n[k] = map(v as Range);
      else if (v && typeof v === 'object') walk(v);
    }
    if (visit && n.span) visit(n as Node & { span: Range });
  };
  walk(root);
}
