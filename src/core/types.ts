/**
 * The shared vocabulary of the pipeline. Plain data only: every stage reads
 * and writes these shapes, and nothing here depends on a stage.
 */

export type Dialect = 'postgresql' | 'mysql' | 'mariadb' | 'sqlite' | 'bigquery' | 'transactsql' | 'snowflake';
export const DIALECTS: readonly Dialect[] = ['postgresql', 'mysql', 'mariadb', 'sqlite', 'bigquery', 'transactsql', 'snowflake'];

export type Severity = 'error' | 'warning';
export type SeveritySetting = Severity | 'off';

/** Half-open range of UTF-16 offsets [start, end) in some text. */
export interface Range {
  start: number;
  end: number;
}

/** 1-based line and column (columns count UTF-16 code units, as ESLint and editors do). */
export interface Position {
  line: number;
  column: number;
}

/** A source file as read by discovery; `text` is decoded UTF-8 with any BOM removed. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the working directory with `/` separators: what reports print. */
  relativePath: string;
  text: string;
  kind: 'script' | 'sql';
}

/**
 * One run of SQL text that came verbatim from the file: SQL offsets
 * [sqlStart, sqlStart + length) map to file offsets [fileStart, fileStart + length).
 * Escape sequences and holes break runs, so mapping stays exact.
 */
export interface Segment {
  sqlStart: number;
  fileStart: number;
  length: number;
  /** File characters the run covers when they differ from `length` (an escape such as \' is 2 for 1). */
  fileLength?: number;
  /** Index into SqlFragment.sources: 0 is the fragment's own file; others hold imported constants. */
  source: number;
}

/** A file that contributed text to a fragment. */
export interface FragmentSource {
  file: string;
  lineStarts: readonly number[];
}

/**
 * How an interpolation (`${expr}`, `+ expr`, a later argument) was filled in the SQL text.
 * - parameter: sent to the driver as a bound value; a placeholder stands in the SQL
 * - fragment: a nested SQL fragment composed in (its own text is in the SQL)
 * - identifier: an escaped identifier (sql.identifier, Prisma.raw of a constant ...)
 * - constant: a compile-time constant folded into the text
 * - unknown: a runtime value pasted into the text; the SQL is partial there
 */
export type HoleKind = 'parameter' | 'fragment' | 'identifier' | 'constant' | 'unknown';

/** Where in the SQL grammar a hole sits, judged from the text around it. */
export type HoleRole = 'value' | 'identifier' | 'clause' | 'string';

export interface Hole {
  kind: HoleKind;
  role: HoleRole;
  /** A value that cannot inject SQL even when pasted (Number(x), an escape call, a placeholder list). */
  safe?: string;
  /** Where the hole's stand-in text sits in the fragment SQL. */
  sql: Range;
  /** The interpolated expression, in file sources[source]. */
  file: Range;
  source: number;
  /** Source text of the expression (for messages). */
  expression: string;
}

export type LoopKind = 'for' | 'for-of' | 'for-in' | 'while' | 'do-while' | 'callback' | 'promise-all-map';

/** The innermost loop that encloses a database call (computed by extraction, read by rules). */
export interface LoopContext {
  kind: LoopKind;
  /** e.g. "for...of", "items.map() callback", "Promise.all(items.map())". */
  description: string;
  /** Location of the loop head in the host file. */
  file: Range;
}

export type FragmentOrigin = 'call' | 'tag' | 'constant' | 'sql-file' | 'string-literal';

export interface SqlFragment {
  /** The host file (relative path, as in SourceFile.relativePath). */
  file: string;
  /** SQL text with holes replaced by placeholders or composed fragments. */
  sql: string;
  dialect: Dialect;
  /** How the dialect was decided, for --debug and docs. */
  dialectSource: 'config' | 'library' | 'prisma-schema' | 'default' | 'cli';
  /** Library the SQL is sent through (pg, mysql2, knex, prisma, ...) or 'sql-file' / 'unknown'. */
  library: string;
  /** The callee or tag as written, e.g. "pool.query", "sql", "prisma.$queryRawUnsafe". */
  api: string;
  origin: FragmentOrigin;
  /** Whether the API sends interpolated values as bound parameters. */
  parameterises: boolean;
  holes: Hole[];
  segments: Segment[];
  /** Range of the whole call / tagged template / literal in the host file (suppressions anchor here). */
  site: Range;
  /** Where the SQL literal starts in the host file. */
  start: Range;
  /** Present when the SQL reaches the database inside a loop. */
  loop?: LoopContext;
  /** Index of a variant when a conditional produced several SQL texts (0 otherwise). */
  variant: number;
  /** How many variants the same call produced (absent or 1 when the SQL has one form). */
  variants?: number;
  /** True when some hole is unknown and the text is incomplete there. */
  partial: boolean;
  /** Files whose text the SQL came from; segments and holes index into this. Entry 0 is `file`. */
  sources: FragmentSource[];
  /**
   * What the SQL text is: a whole statement, or a piece that an API splices into
   * one (knex whereRaw gives a condition, orderByRaw an ORDER BY list ...).
   */
  context: FragmentContext;
}

export type FragmentContext = 'statement' | 'condition' | 'order-by' | 'group-by' | 'select-list' | 'from' | 'join';

/**
 * A database call that is not itself SQL (an ORM call, or a project helper that
 * runs SQL) made inside a loop. Rules such as no-query-in-loop read these.
 */
export interface DbCallInLoop {
  file: string;
  /** The call in the host file. */
  site: Range;
  api: string;
  /** Set when the call is to a project function known to run a query (lineStarts of its file, for labels). */
  via?: { name: string; file: string; site: Range; lineStarts: readonly number[] };
  loop: LoopContext;
  lineStarts: readonly number[];
}

export type Evidence = 'heuristic' | 'schema' | 'planner' | 'syntax';

export interface Label {
  message: string;
  file: string;
  start: Position;
  end: Position;
}

export interface Diagnostic {
  ruleId: string;
  /** Which of the rule's messages this is (ESLint adapter, tests). */
  messageId?: string;
  severity: Severity;
  message: string;
  help: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  docsUrl: string;
  evidence: Evidence;
  /** The SQL text the finding is about (for reports and fingerprints). */
  sql?: string;
  /** Secondary locations, such as the loop that makes a query N+1. */
  labels?: Label[];
  /** A normalised fingerprint of the query, stable across reformatting (for baselines). */
  fingerprint?: string;
}

/** A file discovery or extraction skipped or could not fully read. */
export interface Note {
  file: string;
  reason: string;
}
