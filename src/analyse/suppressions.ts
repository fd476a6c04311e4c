/**
 * Suppression directives, read from a file's text in any comment style the file
 * uses (`//`, `/* *\/`, `--`), so one scanner serves TypeScript hosts and SQL:
 *
 *   sqlwarden-disable-next-line rule-a, rule-b -- reason
 *   sqlwarden-disable-line rule-a -- reason
 *   sqlwarden-disable rule-a -- reason   ...   sqlwarden-enable rule-a
 *   sqlwarden-disable-file rule-a -- reason
 *
 * No rule list means every rule. Each directive records whether it suppressed
 * anything, so unused ones can be reported.
 */
import { lineStartsOf, positionAt } from '../core/location.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  kind: DirectiveKind;
  /** Empty means all rules. */
  rules: string[];
  reason?: string;
  line: number;
  column: number;
  endColumn: number;
  /** Lines this directive covers (inclusive); ranges end at the matching enable or end of file. */
  fromLine: number;
  toLine: number;
  used: Set<string>;
}

const DIRECTIVE = /(?:\/\/|\/\*+|--|#)[ \t]*sqlwarden-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n\r]*)/g;

export function parseDirectives(text: string): Directive[] {
  if (!text.includes('sqlwarden-')) return [];
  const lineStarts = lineStartsOf(text);
  const lastLine = lineStarts.length;
  const out: Directive[] = [];
  const open: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE)) {
    // `"// sqlwarden-disable ..."` in a string literal is text about a directive, not one
    // (a `--` directive inside a string is different: that is a comment of the SQL held there).
    if ((m[0].startsWith('//') || m[0].startsWith('/*')) && /['"`]\s*$/.test(text.slice(Math.max(0, m.index! - 4), m.index!))) continue;
    const kind = m[1] as DirectiveKind;
    let rest = m[2] ?? '';
    // The directive ends with its comment, or with the string literal it sits in (SQL inside a JS string).
    const close = rest.search(/\*\/|['"`]/);
    if (close >= 0) rest = rest.slice(0, close);
    const [list, ...reasonParts] = rest.split(/\s--\s?|\s--$/);
    const reason = reasonParts.join(' -- ').trim();
    const rules = (list ?? '')
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter((r) => /^[a-z][a-z0-9-]*$/.test(r));
    const at = positionAt(lineStarts, m.index!);
    const d: Directive = {
      kind,
      rules,
      ...(reason ? { reason } : {}),
      line: at.line,
      column: at.column,
      endColumn: at.column + m[0].trimEnd().length,
      fromLine: at.line,
      toLine: at.line,
      used: new Set(),
    };
    if (kind === 'disable-next-line') {
      d.fromLine = d.toLine = at.line + 1;
    } else if (kind === 'disable-file') {
      d.fromLine = 1;
      d.toLine = lastLine;
    } else if (kind === 'disable') {
      d.toLine = lastLine;
      open.push(d);
    } else if (kind === 'enable') {
      // Close the ranges this enable names (or all of them).
      for (const o of open) {
        if (o.toLine === lastLine && (rules.length === 0 || o.rules.length === 0 || o.rules.some((r) => rules.includes(r)))) o.toLine = at.line;
      }
      continue;
    }
    out.push(d);
  }
  return out;
}

export interface SuppressionTarget {
  ruleId: string;
  line: number;
  /** Other lines that count as this finding's own (the call's first line, for a query spread over lines). */
  alsoLines?: readonly number[];
}

/** The directive that silences a finding, if any; marks it used. */
export function findSuppression(directives: readonly Directive[], target: SuppressionTarget): Directive | undefined {
  const lines = [target.line, ...(target.alsoLines ?? [])];
  for (const d of directives) {
    if (d.rules.length > 0 && !d.rules.includes(target.ruleId)) continue;
    if (!lines.some((l) => l >= d.fromLine && l <= d.toLine)) continue;
    d.used.add(target.ruleId);
    return d;
  }
  return undefined;
}
