/**
 * Which loop, if any, makes a database call run once per item. A call counts
 * when it sits in a loop body (or a loop's repeated condition), or in a
 * callback of an iteration method; a function boundary of any other kind stops
 * the search, since defining a function is not calling it.
 */
import { ts } from './typescript.js';
import type { LoopContext, Range } from '../core/types.js';

const ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);

function range(node: ts.Node, sf: ts.SourceFile, end?: number): Range {
  return { start: node.getStart(sf), end: end ?? node.end };
}

function headEnd(loop: ts.IterationStatement): number {
  // Point at the loop head (`for (const x of xs)`), not the whole body.
  return loop.statement.getStart() > loop.getStart() ? loop.statement.getStart() : loop.end;
}

export function loopContextOf(node: ts.Node, sf: ts.SourceFile): LoopContext | undefined {
  let child: ts.Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (ts.isFunctionLike(p)) return callbackLoop(p, sf);
    if (ts.isForOfStatement(p) && child === p.statement) {
      return { kind: 'for-of', description: p.awaitModifier ? 'for await...of loop' : 'for...of loop', file: range(p, sf, headEnd(p)) };
    }
    if (ts.isForInStatement(p) && child === p.statement) return { kind: 'for-in', description: 'for...in loop', file: range(p, sf, headEnd(p)) };
    if (ts.isForStatement(p) && (child === p.statement || child === p.condition || child === p.incrementor)) {
      return { kind: 'for', description: 'for loop', file: range(p, sf, headEnd(p)) };
    }
    if (ts.isWhileStatement(p)) return { kind: 'while', description: 'while loop', file: range(p, sf, headEnd(p)) };
    if (ts.isDoStatement(p)) return { kind: 'do-while', description: 'do...while loop', file: range(p, sf, p.statement.end) };
    if (ts.isClassDeclaration(p) || ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

function callbackLoop(fn: ts.SignatureDeclaration, sf: ts.SourceFile): LoopContext | undefined {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn as unknown as ts.Expression)) return undefined;
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ITERATION_METHODS.has(callee.name.text)) return undefined;
  const receiver = callee.expression.getText(sf);
  const method = callee.name.text;
  // Promise.all(items.map(...)): N queries at once, not one after another.
  let outer: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(outer) || ts.isSpreadElement(outer) || ts.isArrayLiteralExpression(outer)) outer = outer.parent;
  if (ts.isCallExpression(outer) && ts.isPropertyAccessExpression(outer.expression)) {
    const target = outer.expression.expression.getText(sf);
    if (target === 'Promise' && PROMISE_COMBINATORS.has(outer.expression.name.text) && (method === 'map' || method === 'flatMap')) {
      return {
        kind: 'promise-all-map',
        description: `Promise.${outer.expression.name.text}(${shorten(receiver)}.${method}())`,
        file: range(outer, sf, callee.name.end),
      };
    }
  }
  return { kind: 'callback', description: `${shorten(receiver)}.${method}() callback`, file: range(callee, sf, callee.name.end) };
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? oneLine.slice(0, 37) + '...' : oneLine;
}
