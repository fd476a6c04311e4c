/**
 * Runs the rules. Each parsed query is walked once: statement handlers are
 * dispatched by statement kind, expression handlers by a single expression
 * walk per statement, so the cost grows with the query, not with the number
 * of rules. Findings are mapped to file positions, de-duplicated (variants of
 * one call report once), filtered by suppressions and sorted.
 */
import { mapSqlSpan, positionAt } from '../core/location.js';
import {
  type AnyRule,
  type ExpressionInfo,
  type FileReportDescriptor,
  type LoopCallContext,
  type QueryContext,
  type ReportDescriptor,
  type StatementInfo,
  docsUrlFor,
} from '../core/rule.js';
import type { Catalog } from '../core/catalog.js';
import type { DbCallInLoop, Diagnostic, Note, Severity } from '../core/types.js';
import type { Expr, ParsedQuery, Statement } from '../parse/model.js';
import { forEachExpr, forEachStatement } from '../parse/walk.js';
import { type Directive, findSuppression, parseDirectives } from './suppressions.js';

export interface EnabledRule {
  rule: AnyRule;
  severity: Severity;
  options: unknown;
}

export interface AnalyseOptions {
  /** The rules on for a file (already resolved from config, presets and overrides). */
  rulesFor: (file: string) => readonly EnabledRule[];
  isMigration: (file: string) => boolean;
  /** The schema catalog for schema-aware rules, if any. */
  catalog?: Catalog;
  /** A catalog per file (inferred schemas are per application); wins over `catalog`. */
  catalogFor?: (file: string) => Catalog | undefined;
  /** Options of the unused-disable rule for a file, or undefined when it is off. */
  directiveRule?: (file: string) => { severity: Severity; requireReason: boolean } | undefined;
}

export interface AnalyseInput {
  queries: readonly ParsedQuery[];
  dbCallsInLoops: readonly DbCallInLoop[];
  /** Text of every file read, by relative path: suppression directives live there. */
  fileTexts: ReadonlyMap<string, string>;
}

export interface AnalyseResult {
  diagnostics: Diagnostic[];
  suppressed: number;
  /** Queries a rule failed on (a bug in sqlwarden), reported as notes instead of ending the run. */
  failures: Note[];
}

interface PendingDiagnostic extends Diagnostic {
  /** The first line of the call or literal that holds the SQL, for disable-next-line above a call. */
  siteLine: number;
}

export function analyse(input: AnalyseInput, options: AnalyseOptions): AnalyseResult {
  const pending: PendingDiagnostic[] = [];
  const failures: Note[] = [];

  for (const query of input.queries) {
    const enabled = options.rulesFor(query.fragment.file);
    if (enabled.length === 0) continue;
    const catalog = options.catalogFor ? options.catalogFor(query.fragment.file) : options.catalog;
    try {
      runQuery(query, enabled, options.isMigration(query.fragment.file), catalog, pending);
    } catch (error) {
      // A rule bug on an unusual query must not end the run: the query is skipped with a note.
      const at = positionAt(query.fragment.sources[0]!.lineStarts, query.fragment.start.start);
      failures.push({ file: query.fragment.file, reason: `analysis failed at ${at.line}:${at.column}: ${(error as Error).message}` });
    }
  }
  for (const call of input.dbCallsInLoops) {
    for (const entry of options.rulesFor(call.file)) {
      const handler = entry.rule.visit.dbCallInLoop;
      if (!handler) continue;
      const ctx: LoopCallContext<unknown, string> = {
        options: entry.options,
        isMigration: options.isMigration(call.file),
        reportFile: (d) => pending.push(fileDiagnostic(entry, call.file, call.lineStarts, positionAt(call.lineStarts, call.site.start).line, d)),
      };
      try {
        handler(call, ctx);
      } catch (error) {
        failures.push({ file: call.file, reason: `${entry.rule.name} failed: ${(error as Error).message}` });
      }
    }
  }
  return { ...finish(pending, input.fileTexts, options), failures };
}

/** Which rules listen for which statement kinds and for expressions; computed once per rule set. */
interface Dispatch {
  statementHandlers: Map<Statement['kind'], number[]>;
  expressionHandlers: number[];
  queryHandlers: number[];
}

const dispatchCache = new WeakMap<readonly EnabledRule[], Dispatch>();

function dispatchFor(enabled: readonly EnabledRule[]): Dispatch {
  let d = dispatchCache.get(enabled);
  if (d) return d;
  d = { statementHandlers: new Map(), expressionHandlers: [], queryHandlers: [] };
  enabled.forEach((entry, i) => {
    for (const key of Object.keys(entry.rule.visit)) {
      if (key === 'dbCallInLoop') continue;
      if (key === 'query') d!.queryHandlers.push(i);
      else if (key === 'expression') d!.expressionHandlers.push(i);
      else d!.statementHandlers.set(key as Statement['kind'], [...(d!.statementHandlers.get(key as Statement['kind']) ?? []), i]);
    }
  });
  dispatchCache.set(enabled, d);
  return d;
}

function runQuery(query: ParsedQuery, enabled: readonly EnabledRule[], isMigration: boolean, catalog: Catalog | undefined, out: PendingDiagnostic[]): void {
  const fragment = query.fragment;
  const host = fragment.sources[0]!;
  let siteLine: number | undefined;
  // Only rules that report need the line of the call: compute it on first use.
  const line = () => (siteLine ??= positionAt(host.lineStarts, fragment.site.start).line);
  const contexts: (QueryContext<unknown, string> | undefined)[] = new Array(enabled.length);
  const contextFor = (i: number): QueryContext<unknown, string> => {
    let ctx = contexts[i];
    if (!ctx) {
      const entry = enabled[i]!;
      ctx = {
        options: entry.options,
        fragment,
        query,
        isMigration,
        ...(catalog ? { catalog } : {}),
        report: (d) => out.push(sqlDiagnostic(entry, query, line(), d)),
        reportFile: (d) => out.push(fileDiagnostic(entry, host.file, host.lineStarts, line(), d)),
      };
      contexts[i] = ctx;
    }
    return ctx;
  };
  const dispatch = dispatchFor(enabled);

  for (const i of dispatch.queryHandlers) enabled[i]!.rule.visit.query!(query, contextFor(i));
  if (query.statements.length === 0) return;

  const { statementHandlers, expressionHandlers } = dispatch;
  forEachStatement(query.statements, (stmt: Statement, info: StatementInfo) => {
    for (const i of statementHandlers.get(stmt.kind) ?? []) {
      const handler = enabled[i]!.rule.visit[stmt.kind] as ((s: Statement, c: QueryContext<unknown, string>, info: StatementInfo) => void) | undefined;
      handler?.(stmt, contextFor(i), info);
    }
    if (expressionHandlers.length === 0) return;
    forEachExpr(stmt, (expr: Expr, clause, parent) => {
      const info: ExpressionInfo = { clause, statement: stmt, ...(parent ? { parent } : {}) };
      for (const i of expressionHandlers) enabled[i]!.rule.visit.expression!(expr, contextFor(i), info);
    });
  });
}

function interpolate(template: string, data: Record<string, string | number> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

function sqlDiagnostic(entry: EnabledRule, query: ParsedQuery, siteLine: number, d: ReportDescriptor<string>): PendingDiagnostic {
  const fragment = query.fragment;
  const span = mapSqlSpan(fragment, d.span.start, Math.max(d.span.end, d.span.start + 1));
  const message = entry.rule.messages[d.messageId];
  if (!message) throw new Error(`rule ${entry.rule.name} reported unknown messageId '${d.messageId}'`);
  const labels = d.labels?.map((l) => {
    const source = fragment.sources[l.source ?? 0] ?? fragment.sources[0]!;
    return { message: l.message, file: source.file, start: positionAt(source.lineStarts, l.range.start), end: positionAt(source.lineStarts, l.range.end) };
  });
  return {
    ruleId: entry.rule.name,
    messageId: d.messageId,
    severity: entry.severity,
    message: interpolate(message.message, d.data),
    help: interpolate(message.help, d.data),
    file: span.file,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    docsUrl: docsUrlFor(entry.rule.name),
    evidence: d.evidence ?? 'heuristic',
    sql: fragment.sql.slice(d.span.start, d.span.end),
    fingerprint: query.fingerprint,
    ...(labels && labels.length > 0 ? { labels } : {}),
    // A query spread over several lines is still suppressed from above its call.
    siteLine: span.file === fragment.file ? siteLine : span.start.line,
  };
}

function fileDiagnostic(entry: EnabledRule, file: string, lineStarts: readonly number[], siteLine: number, d: FileReportDescriptor<string>): PendingDiagnostic {
  const message = entry.rule.messages[d.messageId];
  if (!message) throw new Error(`rule ${entry.rule.name} reported unknown messageId '${d.messageId}'`);
  const start = positionAt(lineStarts, d.range.start);
  const end = positionAt(lineStarts, d.range.end);
  const labels = d.labels?.map((l) => ({
    message: l.message,
    file: l.file ?? file,
    start: positionAt(l.lineStarts ?? lineStarts, l.range.start),
    end: positionAt(l.lineStarts ?? lineStarts, l.range.end),
  }));
  return {
    ruleId: entry.rule.name,
    messageId: d.messageId,
    severity: entry.severity,
    message: interpolate(message.message, d.data),
    help: interpolate(message.help, d.data),
    file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    docsUrl: docsUrlFor(entry.rule.name),
    evidence: d.evidence ?? 'heuristic',
    ...(labels && labels.length > 0 ? { labels } : {}),
    siteLine,
  };
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    cmp(a.message, b.message)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function finish(pending: PendingDiagnostic[], fileTexts: ReadonlyMap<string, string>, options: AnalyseOptions): Omit<AnalyseResult, 'failures'> {
  const seen = new Set<string>();
  const directivesByFile = new Map<string, Directive[]>();
  const directivesOf = (file: string) => {
    let d = directivesByFile.get(file);
    if (!d) {
      d = parseDirectives(fileTexts.get(file) ?? '');
      directivesByFile.set(file, d);
    }
    return d;
  };
  const kept: Diagnostic[] = [];
  let suppressed = 0;
  pending.sort(compareDiagnostics);
  for (const p of pending) {
    const key = `${p.ruleId}\0${p.file}\0${p.line}\0${p.column}\0${p.endLine}\0${p.endColumn}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const directive = findSuppression(directivesOf(p.file), { ruleId: p.ruleId, line: p.line, alsoLines: [p.siteLine] });
    const directiveRule = options.directiveRule?.(p.file);
    if (directive && !(directiveRule?.requireReason && !directive.reason)) {
      suppressed++;
      continue;
    }
    const { siteLine: _siteLine, ...diagnostic } = p;
    kept.push(diagnostic);
  }
  kept.push(...directiveFindings(fileTexts, directivesOf, options));
  kept.sort(compareDiagnostics);
  return { diagnostics: kept, suppressed };
}

/** Directives that silenced nothing, and (when required) directives without a reason. */
function directiveFindings(fileTexts: ReadonlyMap<string, string>, directivesOf: (file: string) => Directive[], options: AnalyseOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const files = [...fileTexts.keys()].sort();
  for (const file of files) {
    const rule = options.directiveRule?.(file);
    if (!rule) continue;
    const enabledIds = new Set(options.rulesFor(file).map((e) => e.rule.name));
    for (const d of directivesOf(file)) {
      const base = {
        ruleId: 'unused-disable',
        severity: rule.severity,
        file,
        line: d.line,
        column: d.column,
        endLine: d.line,
        endColumn: d.endColumn,
        docsUrl: docsUrlFor('unused-disable'),
        evidence: 'syntax' as const,
      };
      if (rule.requireReason && !d.reason) {
        out.push({
          ...base,
          messageId: 'missingReason',
          message: `sqlwarden-${d.kind} has no reason, so it does not apply.`,
          help: `Say why after " -- ", for example: sqlwarden-${d.kind} ${d.rules.join(', ') || '<rule-id>'} -- runs once at night on a small table`,
        });
        continue;
      }
      // Rules switched off for the file are not "unused" suppressions: the directive may be for other configs.
      const names = d.rules.length > 0 ? d.rules.filter((r) => enabledIds.has(r)) : [];
      const unused = d.rules.length === 0 ? d.used.size === 0 : names.filter((r) => !d.used.has(r)).length === names.length && names.length > 0;
      if (unused) {
        const list = d.rules.length > 0 ? d.rules.join(', ') : 'all rules';
        out.push({
          ...base,
          messageId: 'unused',
          message: `Unused sqlwarden-${d.kind} directive (no ${list} finding to suppress here).`,
          help: 'Remove the directive, or move it next to the finding it is meant for.',
        });
      }
    }
  }
  return out;
}
