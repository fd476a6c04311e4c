/**
 * The rule contract. A rule file under rules/ default-exports `defineRule({...})`
 * with its keys in this order: name, meta, messages, options, docs, visit.
 * The examples in `docs` are executed by the test suite and rendered into
 * docs/rules/<name>.md, so documentation cannot drift from behaviour.
 */
import type { Catalog } from './catalog.js';
import type { DbCallInLoop, Dialect, Evidence, Range, Severity, SqlFragment } from './types.js';
import type { Expr, ParsedQuery, Statement } from '../parse/model.js';

export type RuleCategory = 'performance' | 'correctness' | 'security' | 'data-loss' | 'migration' | 'schema' | 'syntax' | 'meta';

export interface RuleMeta {
  /** One line, imperative: "Disallow SELECT without WHERE or LIMIT". */
  description: string;
  category: RuleCategory;
  /** Severity when enabled by a preset. */
  severity: Severity;
  /** On in the `recommended` preset. */
  recommended: boolean;
  fixable: boolean;
  dialects: readonly Dialect[] | 'all';
  /** Needs a schema catalog; silent without one. */
  requiresSchema?: boolean;
}

/** `message` says what is wrong, `help` what to do; both may use {{placeholders}}. */
export interface RuleMessage {
  message: string;
  help: string;
}

export interface OptionProperty {
  type: 'number' | 'integer' | 'string' | 'boolean' | 'array';
  description: string;
  default: unknown;
  items?: { type: string };
  minimum?: number;
  enum?: readonly unknown[];
}

/** A JSON schema for the rule's options object; ESLint's meta.schema reuses it. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, OptionProperty>;
  additionalProperties: false;
}

export interface RuleExample {
  /** TypeScript (extracted like user code) or plain SQL. */
  code: string;
  language: 'ts' | 'sql';
  dialect?: Dialect;
  options?: Record<string, unknown>;
  /** File name to pretend the example lives in (migration rules care). */
  filename?: string;
  /** DDL that describes the database for schema-aware rules. */
  schema?: string;
  /** One line shown above the example in the docs. */
  description?: string;
}

export interface RuleDocs {
  rationale: string;
  incorrect: RuleExample[];
  correct: RuleExample[];
  whenNotToUse?: string;
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  /** Offsets in fragment.sql. */
  span: Range;
  data?: Record<string, string | number>;
  evidence?: Evidence;
  /** Secondary locations in the host file (offsets into fragment.sources[source]). */
  labels?: { message: string; range: Range; source?: number }[];
}

export interface FileReportDescriptor<M extends string> {
  messageId: M;
  /** Offsets in the host file. */
  range: Range;
  data?: Record<string, string | number>;
  evidence?: Evidence;
  labels?: { message: string; range: Range; file?: string; lineStarts?: readonly number[] }[];
}

export interface QueryContext<O, M extends string> {
  readonly options: O;
  readonly fragment: SqlFragment;
  readonly query: ParsedQuery;
  /** True when the host file matches the configured migration globs. */
  readonly isMigration: boolean;
  /** The schema catalog, when one was configured or found; schema rules stay silent without it. */
  readonly catalog?: Catalog;
  report(descriptor: ReportDescriptor<M>): void;
  /** Report on the host file directly (for findings about the call, not the SQL). */
  reportFile(descriptor: FileReportDescriptor<M>): void;
}

export interface LoopCallContext<O, M extends string> {
  readonly options: O;
  readonly isMigration: boolean;
  reportFile(descriptor: FileReportDescriptor<M>): void;
}

export type Clause = 'select' | 'from' | 'join' | 'where' | 'group' | 'having' | 'order' | 'limit' | 'offset' | 'set' | 'values' | 'returning' | 'on-conflict' | 'index' | 'other';

export interface StatementInfo {
  depth: number;
  parent?: Statement;
  via: 'top' | 'cte' | 'subquery' | 'from' | 'compound' | 'insert-select';
}

export interface ExpressionInfo {
  clause: Clause;
  statement: Statement;
  parent?: Expr;
}

export type StatementVisitors<O, M extends string> = {
  [K in Statement['kind']]?: (stmt: Extract<Statement, { kind: K }>, ctx: QueryContext<O, M>, info: StatementInfo) => void;
};

export interface RuleVisitors<O, M extends string> extends StatementVisitors<O, M> {
  /** Once per extracted fragment, parsed or not. */
  query?: (query: ParsedQuery, ctx: QueryContext<O, M>) => void;
  /** Every expression of every statement, with its clause. */
  expression?: (expr: Expr, ctx: QueryContext<O, M>, info: ExpressionInfo) => void;
  /** Database calls without SQL text (helpers, ORM calls) made inside loops. */
  dbCallInLoop?: (call: DbCallInLoop, ctx: LoopCallContext<O, M>) => void;
}

export interface RuleDefinition<O = Record<string, unknown>, M extends string = string> {
  name: string;
  meta: RuleMeta;
  messages: Record<M, RuleMessage>;
  options: OptionsSchema;
  docs: RuleDocs;
  visit: RuleVisitors<O, M>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = RuleDefinition<any, string>;

/** Identity with inference: keeps message ids and option types checked in rule files. */
export function defineRule<O, M extends string>(rule: RuleDefinition<O, M>): RuleDefinition<O, M> {
  return rule;
}

export const NO_OPTIONS: OptionsSchema = { type: 'object', properties: {}, additionalProperties: false };

export const DOCS_BASE_URL = 'https://github.com/sqlwarden/sqlwarden/blob/main/docs/rules/';

export function docsUrlFor(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}

/** Options merged over the schema's defaults. */
export function resolveOptions<O>(schema: OptionsSchema, given: Record<string, unknown> | undefined): O {
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties)) out[key] = given && key in given ? given[key] : prop.default;
  return out as O;
}
