/**
 * Rewrites every `span` in a normalised tree (statements, expressions, FROM
 * entries ...), for parses of a text other than the fragment's own: a piece
 * wrapped in a host statement, or placeholders rewritten for the parser.
 */
import type { Range } from '../core/types.js';

type Node = Record<string, any>;

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
