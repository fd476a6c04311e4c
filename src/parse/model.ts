/**
 * The normalised query model that every rule reads. Both parsers
 * (libpg-query for PostgreSQL, node-sql-parser for the rest) produce it,
 * so a rule is written once for every dialect.
 *
 * Every `span` is a half-open range of UTF-16 offsets into `SqlFragment.sql`.
 * Identifiers are stored as written, unquoted; keywords and operators upper-cased;
 * function names lower-cased and unqualified.
 */
import type { Range, SqlFragment } from '../core/types.js';

export type Expr =
  | ColumnExpr
  | LiteralExpr
  | ParamExpr
  | BinaryExpr
  | UnaryExpr
  | FunctionExpr
  | CastExpr
  | ListExpr
  | SubqueryExpr
  | BetweenExpr
  | CaseExpr
  | StarExpr
  | UnknownExpr;

export interface ColumnExpr {
  type: 'column';
  /** Qualifier as written (table name or alias), if any. */
  table?: string;
  schema?: string;
  name: string;
  span: Range;
}

export interface LiteralExpr {
  type: 'literal';
  value: string | number | boolean | null;
  /** 'string' | 'number' | 'boolean' | 'null' */
  kind: 'string' | 'number' | 'boolean' | 'null';
  span: Range;
}

/** A bound parameter: `$1`, `?`, `:name`, `@name`. */
export interface ParamExpr {
  type: 'param';
  name: string;
  span: Range;
}

/**
 * Binary operators, upper-cased: = <> != < <= > >= AND OR + - * / % || LIKE ILIKE
 * NOT LIKE NOT ILIKE SIMILAR TO IN NOT IN IS IS NOT, '= ANY', '<> ALL', and any
 * dialect operator (@>, ->>, ...) as written.
 */
export interface BinaryExpr {
  type: 'binary';
  op: string;
  left: Expr;
  right: Expr;
  span: Range;
}

/** NOT, unary minus/plus, EXISTS, NOT EXISTS, IS NULL, IS NOT NULL, IS TRUE ... */
export interface UnaryExpr {
  type: 'unary';
  op: string;
  operand: Expr;
  span: Range;
}

export interface FunctionExpr {
  type: 'function';
  /** Lower-cased, unqualified. */
  name: string;
  args: Expr[];
  /** count(*) */
  star: boolean;
  distinct: boolean;
  /** An aggregate function used without OVER. */
  aggregate: boolean;
  /** Used as a window function (has OVER). */
  window: boolean;
  span: Range;
}

export interface CastExpr {
  type: 'cast';
  expr: Expr;
  /** Target type as written, lower-cased. */
  to: string;
  span: Range;
}

export interface ListExpr {
  type: 'list';
  items: Expr[];
  span: Range;
}

export interface SubqueryExpr {
  type: 'subquery';
  query: SelectStatement;
  span: Range;
}

export interface BetweenExpr {
  type: 'between';
  expr: Expr;
  low: Expr;
  high: Expr;
  not: boolean;
  span: Range;
}

export interface CaseExpr {
  type: 'case';
  operand?: Expr;
  whens: { when: Expr; then: Expr }[];
  else?: Expr;
  span: Range;
}

/** `*` or `t.*` in a select list. */
export interface StarExpr {
  type: 'star';
  table?: string;
  span: Range;
}

/** Anything the model does not describe; its sub-expressions are still visited. */
export interface UnknownExpr {
  type: 'unknown';
  description: string;
  children: Expr[];
  span: Range;
}

export interface TableRef {
  type: 'table';
  schema?: string;
  name: string;
  alias?: string;
  span: Range;
}

export interface SubqueryRef {
  type: 'subquery';
  query: SelectStatement;
  alias?: string;
  lateral: boolean;
  span: Range;
}

/** A set-returning function or VALUES list used as a table: generate_series(...), unnest(...), json_table(...). */
export interface FunctionRef {
  type: 'function';
  name: string;
  args: Expr[];
  alias?: string;
  span: Range;
}

export type FromItem = TableRef | SubqueryRef | FunctionRef;

/**
 * One entry of a FROM clause in order. The first entry has join 'base';
 * `FROM a, b` gives b the join 'comma'.
 */
export interface FromEntry {
  join: 'base' | 'comma' | 'inner' | 'left' | 'right' | 'full' | 'cross';
  natural: boolean;
  item: FromItem;
  on?: Expr;
  using?: string[];
  /** From the join keyword (or the item for base/comma) to the end of the condition. */
  span: Range;
}

export interface Cte {
  name: string;
  query: Statement;
  recursive: boolean;
  span: Range;
}

export interface SelectItem {
  expr: Expr;
  alias?: string;
  span: Range;
}

export interface OrderItem {
  expr: Expr;
  direction: 'ASC' | 'DESC';
  span: Range;
}

interface StatementBase {
  span: Range;
  with: Cte[];
}

export interface SelectStatement extends StatementBase {
  kind: 'select';
  distinct: boolean;
  columns: SelectItem[];
  from: FromEntry[];
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  orderBy: OrderItem[];
  /** LIMIT, FETCH FIRST n ROWS, TOP n. `null` literal for `LIMIT ALL`. */
  limit?: Expr;
  offset?: Expr;
  /** FOR UPDATE / FOR SHARE ..., upper-cased. */
  locking?: string;
  /** UNION / INTERSECT / EXCEPT: when present, columns/from/where are empty and
   *  orderBy/limit/offset apply to the whole set. */
  compound?: { op: 'UNION' | 'INTERSECT' | 'EXCEPT'; all: boolean; selects: SelectStatement[] };
  /** SELECT ... INTO (creates a table). */
  into?: TableRef;
  /** A VALUES list standing as a query. */
  values?: Expr[][];
}

export interface InsertStatement extends StatementBase {
  kind: 'insert';
  table: TableRef;
  columns: string[];
  values?: Expr[][];
  select?: SelectStatement;
  onConflict?: { target: string[]; action: 'nothing' | 'update'; set: Assignment[]; where?: Expr };
  returning: SelectItem[];
}

export interface Assignment {
  column: string;
  value: Expr;
  span: Range;
}

export interface UpdateStatement extends StatementBase {
  kind: 'update';
  table: TableRef;
  set: Assignment[];
  /** Extra tables: Postgres `UPDATE ... FROM`, MySQL multi-table update joins. */
  from: FromEntry[];
  where?: Expr;
  orderBy: OrderItem[];
  limit?: Expr;
  returning: SelectItem[];
}

export interface DeleteStatement extends StatementBase {
  kind: 'delete';
  table: TableRef;
  /** Postgres `DELETE ... USING`, MySQL multi-table delete joins. */
  using: FromEntry[];
  where?: Expr;
  orderBy: OrderItem[];
  limit?: Expr;
  returning: SelectItem[];
}

export interface ColumnDef {
  name: string;
  /** Type as written, lower-cased (e.g. "varchar(255)", "integer"). */
  dataType: string;
  nullable: boolean;
  primaryKey: boolean;
  unique: boolean;
  default?: string;
  references?: { table: string; columns: string[] };
  span: Range;
}

export interface TableConstraint {
  kind: 'primary-key' | 'unique' | 'foreign-key' | 'check' | 'other';
  name?: string;
  columns: string[];
  references?: { table: string; columns: string[] };
  span: Range;
}

export interface CreateTableStatement extends StatementBase {
  kind: 'create-table';
  table: TableRef;
  ifNotExists: boolean;
  columns: ColumnDef[];
  constraints: TableConstraint[];
  /** CREATE TABLE ... AS SELECT */
  asSelect?: SelectStatement;
}

export type AlterAction =
  | { kind: 'add-column'; column: ColumnDef; span: Range }
  | { kind: 'drop-column'; column: string; ifExists: boolean; span: Range }
  | { kind: 'rename-column'; column: string; newName: string; span: Range }
  | { kind: 'alter-column-type'; column: string; dataType: string; span: Range }
  | { kind: 'set-not-null' | 'drop-not-null' | 'set-default' | 'drop-default'; column: string; span: Range }
  | { kind: 'add-constraint'; constraint: TableConstraint; span: Range }
  | { kind: 'drop-constraint'; name: string; span: Range }
  | { kind: 'rename-table'; newName: string; span: Range }
  | { kind: 'other'; description: string; span: Range };

export interface AlterTableStatement extends StatementBase {
  kind: 'alter-table';
  table: TableRef;
  actions: AlterAction[];
}

export interface IndexColumn {
  /** Set when the index key is a plain column. */
  column?: string;
  /** Set when the key is an expression (lower(email)). */
  expr?: Expr;
  /** Source text of the key, as written. */
  text: string;
  direction?: 'ASC' | 'DESC';
}

export interface CreateIndexStatement extends StatementBase {
  kind: 'create-index';
  name?: string;
  table: TableRef;
  unique: boolean;
  concurrently: boolean;
  ifNotExists: boolean;
  columns: IndexColumn[];
  /** Partial-index predicate. */
  where?: Expr;
  /** btree, gin, gist, hash ... lower-cased when given. */
  method?: string;
}

export interface DropStatement extends StatementBase {
  kind: 'drop';
  /** Upper-cased object type: TABLE, DATABASE, SCHEMA, INDEX, VIEW, SEQUENCE, ... */
  objectType: string;
  names: string[];
  ifExists: boolean;
  cascade: boolean;
  concurrently: boolean;
}

export interface TruncateStatement extends StatementBase {
  kind: 'truncate';
  tables: TableRef[];
}

/** Anything else: BEGIN, SET, CREATE VIEW, GRANT ... */
export interface OtherStatement extends StatementBase {
  kind: 'other';
  /** Upper-cased leading keywords, e.g. "BEGIN", "CREATE VIEW", "SET". */
  keyword: string;
}

export type Statement =
  | SelectStatement
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateTableStatement
  | AlterTableStatement
  | CreateIndexStatement
  | DropStatement
  | TruncateStatement
  | OtherStatement;

export type StatementKind = Statement['kind'];

export interface ParseFailure {
  message: string;
  /** SQL offset where the parser stopped. */
  offset: number;
}

/** The output of the parse stage for one fragment. */
export interface ParsedQuery {
  fragment: SqlFragment;
  parser: 'libpg-query' | 'node-sql-parser' | 'none';
  statements: Statement[];
  error?: ParseFailure;
  /** A normalised fingerprint, stable across whitespace, literal values and comments. */
  fingerprint: string;
}

/** Aggregate functions across dialects (lower-case), used by parsers to set FunctionExpr.aggregate. */
export const AGGREGATE_FUNCTIONS: ReadonlySet<string> = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'array_agg', 'string_agg', 'json_agg', 'jsonb_agg',
  'json_object_agg', 'jsonb_object_agg', 'bool_and', 'bool_or', 'every', 'bit_and', 'bit_or',
  'group_concat', 'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp',
  'percentile_cont', 'percentile_disc', 'mode', 'json_arrayagg', 'json_objectagg', 'total',
  'any_value', 'listagg', 'approx_count_distinct', 'count_big', 'xmlagg',
]);
