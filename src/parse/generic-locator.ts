/**
 * Token-aware location for node-sql-parser trees. node-sql-parser records
 * locations for only some node kinds (and some include trailing blanks), so
 * the normaliser snaps what it has to token boundaries and finds the rest by
 * searching forward, inside the enclosing clause, for the node's own token.
 */
import type { Range } from '../core/types.js';
import type { Token } from './lexer.js';

/** Inclusive token indices [first, last]. */
export type TokRange = [number, number];

interface PegLoc {
  start: { offset: number };
  end: { offset: number };
}

export class Locator {
  readonly match: Int32Array;
  readonly count: number;

  constructor(
    readonly sql: string,
    readonly tokens: readonly Token[],
  ) {
    this.count = tokens.length;
    this.match = new Int32Array(tokens.length).fill(-1);
    const stack: number[] = [];
    tokens.forEach((t, i) => {
      if (t.kind !== 'punct') return;
      if (t.value === '(' || t.value === '[') stack.push(i);
      else if (t.value === ')' || t.value === ']') {
        const open = stack.pop();
        if (open !== undefined) {
          this.match[open] = i;
          this.match[i] = open;
        }
      }
    });
  }

  value(i: number): string | undefined {
    return this.tokens[i]?.value;
  }

  isWord(i: number, upper: string): boolean {
    const t = this.tokens[i];
    return !!t && t.kind === 'word' && t.value === upper;
  }

  isPunct(i: number, p: string): boolean {
    const t = this.tokens[i];
    return !!t && t.kind === 'punct' && t.value === p;
  }

  /** Word or quoted identifier whose unquoted text equals `name` (case-insensitively). */
  isIdent(i: number, name: string): boolean {
    const t = this.tokens[i];
    if (!t) return false;
    if (t.kind === 'qident') return t.value === name || t.value.toLowerCase() === name.toLowerCase();
    if (t.kind === 'word' || t.kind === 'param') return t.value.toUpperCase() === name.toUpperCase();
    return false;
  }

  indexAt(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.start < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  lastBefore(offset: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.tokens[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** A parser location snapped to the tokens it covers (dropping blanks and comments). */
  snap(loc: unknown): TokRange | undefined {
    const l = loc as PegLoc | undefined;
    if (!l || typeof l.start?.offset !== 'number' || typeof l.end?.offset !== 'number') return undefined;
    const a = this.indexAt(l.start.offset);
    const b = this.lastBefore(l.end.offset);
    return a <= b && a < this.count ? [a, b] : undefined;
  }

  span(r: TokRange): Range {
    return { start: this.tokens[r[0]]!.start, end: this.tokens[r[1]]!.end };
  }

  text(r: TokRange): string {
    return this.sql.slice(this.tokens[r[0]]!.start, this.tokens[r[1]]!.end);
  }

  find(from: number, to: number, pred: (i: number) => boolean): number {
    for (let i = Math.max(0, from); i < to && i < this.count; i++) if (pred(i)) return i;
    return -1;
  }

  /** Widen [a, b] until every bracket inside it is matched inside it. */
  balance(a: number, b: number): TokRange {
    let closer = -1;
    const open: number[] = [];
    for (let i = a; i <= b; i++) {
      const t = this.tokens[i]!;
      if (t.kind !== 'punct') continue;
      if (t.value === '(' || t.value === '[') open.push(i);
      else if (t.value === ')' || t.value === ']') {
        if (open.length > 0) open.pop();
        else closer = i;
      }
    }
    let lo = a;
    let hi = b;
    if (closer >= 0 && this.match[closer]! >= 0) lo = Math.min(lo, this.match[closer]!);
    if (open.length > 0 && this.match[open[0]!]! >= 0) hi = Math.max(hi, this.match[open[0]!]!);
    return [lo, hi];
  }

  /** [a, b] widened to parentheses that wrap exactly it: `(a + b)`. */
  wrapParens(r: TokRange): TokRange {
    let [a, b] = r;
    while (this.isPunct(a - 1, '(') && this.match[a - 1] === b + 1) {
      a--;
      b++;
    }
    return [a, b];
  }

  /** Token after a closing bracket match, or -1. */
  closeOf(open: number): number {
    return this.match[open] ?? -1;
  }

  /** The END that closes the CASE at token i. */
  caseEnd(i: number, to: number): number {
    let depth = 0;
    for (let j = i; j < to && j < this.count; j++) {
      if (this.isWord(j, 'CASE')) depth++;
      else if (this.isWord(j, 'END') && --depth === 0) return j;
    }
    return -1;
  }

  /** First index of each keyword at bracket depth 0 within [a, b]. */
  anchors(a: number, b: number, words: ReadonlySet<string>): Map<string, number> {
    const out = new Map<string, number>();
    for (let i = a; i <= b && i < this.count; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'punct' && (t.value === '(' || t.value === '[') && this.match[i]! > i) {
        i = this.match[i]!;
        continue;
      }
      if (t.kind === 'word' && words.has(t.value) && !out.has(t.value)) out.set(t.value, i);
    }
    return out;
  }

  /** Token ranges of the comma-separated items in [a, b] at bracket depth 0. */
  splitCommas(a: number, b: number): TokRange[] {
    const out: TokRange[] = [];
    let s = a;
    for (let i = a; i <= b; i++) {
      const t = this.tokens[i]!;
      if (t.kind === 'punct' && (t.value === '(' || t.value === '[') && this.match[i]! > i) i = this.match[i]!;
      else if (t.kind === 'punct' && t.value === ',') {
        if (i > s) out.push([s, i - 1]);
        s = i + 1;
      }
    }
    if (b >= s) out.push([s, b]);
    return out;
  }
}
