/**
 * Applies parsed DDL statements, in order, to a catalog: the state a database
 * would reach after running them. Works on the normalised model only, so both
 * parsers (libpg-query, node-sql-parser) feed it the same way.
 */
import type { Catalog, CatalogForeignKey, CatalogIndex, CatalogTable } from '../core/catalog.js';
import type { Dialect } from '../core/types.js';
import { type Token, tokenize } from '../parse/lexer.js';
import { columnsOf } from '../parse/walk.js';
import type {
  AlterAction,
  AlterTableStatement,
  ColumnDef,
  CreateIndexStatement,
  CreateTableStatement,
  DropStatement,
  IndexColumn,
  SelectItem,
  SelectStatement,
  Statement,
  TableConstraint,
  TableRef,
} from '../parse/model.js';
import { DEFAULT_SCHEMA, sameName, splitQualified } from './names.js';
import { normaliseExpr, renameInKey } from './normalise.js';
import { parseSqlText } from './sql-text.js';

/** Receives a note about a statement that was ignored (the caller prefixes the file). */
export type NoteSink = (message: string) => void;

export class CatalogBuilder {
  readonly tables: CatalogTable[] = [];
  readonly sources: string[] = [];

  /** `dialect` decides default names and the default schema (public for PostgreSQL). */
  constructor(readonly dialect: Dialect = 'postgresql') {}

  catalog(): Catalog {
    return { tables: this.tables, sources: this.sources };
  }

  addSource(source: string): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  /** Adds or replaces a table built elsewhere (Prisma, live database, snapshot). */
  putTable(table: CatalogTable): void {
    const at = this.tables.findIndex((t) => sameName(t.name, table.name) && sameSchema(t.schema, table.schema));
    if (at >= 0) this.tables[at] = table;
    else this.tables.push(table);
  }

  find(ref: { name: string; schema?: string }): CatalogTable | undefined {
    return this.tables.find((t) => sameName(t.name, ref.name) && sameSchema(t.schema, ref.schema ?? this.defaultSchema()));
  }

  /** One statement; `sql` is the text its spans index into. Statements that change nothing are ignored. */
  apply(stmt: Statement, sql: string, note: NoteSink): void {
    switch (stmt.kind) {
      case 'create-table':
        this.createTable(stmt, sql);
        return;
      case 'alter-table':
        this.alterTable(stmt, sql, note);
        return;
      case 'create-index':
        this.createIndex(stmt, sql, note);
        return;
      case 'drop':
        this.drop(stmt);
        return;
      case 'other':
        this.other(stmt.keyword, sql.slice(stmt.span.start, stmt.span.end));
        return;
      default:
        return;
    }
  }

  // ---- CREATE TABLE -----------------------------------------------------------

  private createTable(stmt: CreateTableStatement, sql: string): void {
    const head = headWords(sql.slice(stmt.span.start, stmt.span.end), this.dialect);
    // Temporary tables do not outlive the session that ran the migration.
    if (head.includes('TEMP') || head.includes('TEMPORARY')) return;
    const existing = this.find(stmt.table);
    if (existing && stmt.ifNotExists) return;
    const table: CatalogTable = { name: stmt.table.name, columns: [], indexes: [], foreignKeys: [] };
    const schema = stmt.table.schema ?? this.defaultSchema();
    if (schema !== undefined) table.schema = schema;
    for (const def of stmt.columns) this.addColumn(table, def);
    for (const c of stmt.constraints) this.addConstraint(table, c, sql);
    if (stmt.asSelect) {
      const names = selectColumnNames(stmt.asSelect);
      if (names) table.columns = names.map((name) => ({ name, type: '', nullable: true }));
      else table.columnsUnknown = true;
    }
    this.inheritColumns(table, stmt, sql);
    if (existing) this.tables.splice(this.tables.indexOf(existing), 1, table);
    else this.tables.push(table);
  }

  /** PARTITION OF p, INHERITS (p), (LIKE p): the columns come from another table, which the model does not list. */
  private inheritColumns(table: CatalogTable, stmt: CreateTableStatement, sql: string): void {
    const tokens = tokenize(sql.slice(stmt.span.start, stmt.span.end), this.dialect);
    for (let i = 0; i < tokens.length - 1; i++) {
      const w = tokens[i]!;
      if (w.kind !== 'word') continue;
      let at = -1;
      if (w.value === 'PARTITION' && tokens[i + 1]?.value === 'OF') at = i + 2;
      else if (w.value === 'INHERITS' && tokens[i + 1]?.value === '(') at = i + 2;
      else if (w.value === 'LIKE' && tokens[i - 1]?.value === '(') at = i + 1;
      if (at < 0) continue;
      const parent = qualifiedAt(tokens, at);
      const source = parent && this.find(parent);
      if (!source) {
        table.columnsUnknown = true;
        continue;
      }
      for (const c of source.columns) if (!table.columns.some((x) => sameName(x.name, c.name))) table.columns.push({ ...c });
      if (source.columnsUnknown) table.columnsUnknown = true;
    }
  }

  private addColumn(table: CatalogTable, def: ColumnDef): void {
    table.columns = table.columns.filter((c) => !sameName(c.name, def.name));
    table.columns.push({ name: def.name, type: def.dataType.toLowerCase(), nullable: def.nullable && !def.primaryKey });
    if (def.primaryKey) this.putIndex(table, { name: this.constraintName(table, 'pkey', [def.name]), keys: [{ column: lower(def.name) }], unique: true, primary: true });
    if (def.unique) this.putIndex(table, { name: this.constraintName(table, 'key', [def.name]), keys: [{ column: lower(def.name) }], unique: true, primary: false });
    if (def.references) this.addForeignKey(table, { columns: [def.name], references: def.references }, undefined);
  }

  private addConstraint(table: CatalogTable, c: TableConstraint, sql: string): void {
    switch (c.kind) {
      case 'primary-key':
        for (const col of table.columns) if (c.columns.some((k) => sameName(k, col.name))) col.nullable = false;
        table.indexes = table.indexes.filter((i) => !i.primary);
        this.putIndex(table, { name: c.name ?? this.constraintName(table, 'pkey', c.columns), keys: columnKeys(c.columns), unique: true, primary: true });
        return;
      case 'unique':
        this.putIndex(table, { name: c.name ?? this.constraintName(table, 'key', c.columns), keys: columnKeys(c.columns), unique: true, primary: false });
        return;
      case 'foreign-key':
        if (c.references) this.addForeignKey(table, { columns: c.columns, references: c.references }, c.name);
        return;
      case 'other': {
        // MySQL's inline KEY / INDEX / FULLTEXT / SPATIAL definitions.
        const first = headWords(sql.slice(c.span.start, c.span.end), this.dialect)[0];
        if (c.columns.length === 0 || !first || !['KEY', 'INDEX', 'FULLTEXT', 'SPATIAL'].includes(first)) return;
        const index: CatalogIndex = { name: c.name ?? c.columns[0]!, keys: columnKeys(c.columns), unique: false, primary: false };
        if (first === 'FULLTEXT' || first === 'SPATIAL') index.method = first.toLowerCase();
        this.putIndex(table, index);
        return;
      }
      default:
        return;
    }
  }

  private addForeignKey(table: CatalogTable, fk: { columns: string[]; references: { table: string; columns: string[] } }, name: string | undefined): void {
    const out: CatalogForeignKey = { columns: [...fk.columns], references: { table: fk.references.table, columns: [...fk.references.columns] } };
    const resolved = name ?? (this.dialect === 'postgresql' ? `${table.name}_${fk.columns.join('_')}_fkey` : undefined);
    if (resolved) out.name = resolved;
    table.foreignKeys.push(out);
  }

  /** Default constraint names as PostgreSQL and MySQL give them, so a later DROP CONSTRAINT finds them. */
  private constraintName(table: CatalogTable, suffix: 'pkey' | 'key', columns: string[]): string {
    if (this.dialect === 'mysql' || this.dialect === 'mariadb') return suffix === 'pkey' ? 'PRIMARY' : columns[0] ?? table.name;
    if (suffix === 'pkey') return `${table.name}_pkey`;
    return `${table.name}_${columns.join('_')}_key`;
  }

  private putIndex(table: CatalogTable, index: CatalogIndex): void {
    table.indexes = table.indexes.filter((i) => !(index.name && sameName(i.name, index.name)));
    table.indexes.push(index);
  }

  // ---- ALTER TABLE --------------------------------------------------------------

  private alterTable(stmt: AlterTableStatement, sql: string, note: NoteSink): void {
    const table = this.find(stmt.table);
    if (!table) {
      note(`ALTER TABLE ${refName(stmt.table)}: the table is not known at this point, statement ignored`);
      return;
    }
    for (const action of stmt.actions) this.alterAction(table, action, sql, note);
  }

  private alterAction(table: CatalogTable, a: AlterAction, sql: string, note: NoteSink): void {
    switch (a.kind) {
      case 'add-column':
        this.addColumn(table, a.column);
        return;
      case 'drop-column':
        table.columns = table.columns.filter((c) => !sameName(c.name, a.column));
        // The database drops indexes and foreign keys that use the column.
        table.indexes = table.indexes.filter((i) => !i.keys.some((k) => sameName(k.column, a.column) || (k.expression !== undefined && renameInKey(k.expression, a.column, '\u0000') !== k.expression)));
        table.foreignKeys = table.foreignKeys.filter((f) => !f.columns.some((c) => sameName(c, a.column)));
        return;
      case 'rename-column':
        this.renameColumn(table, a.column, a.newName);
        return;
      case 'alter-column-type': {
        const col = table.columns.find((c) => sameName(c.name, a.column));
        if (col) col.type = a.dataType.toLowerCase();
        return;
      }
      case 'set-not-null':
      case 'drop-not-null': {
        const col = table.columns.find((c) => sameName(c.name, a.column));
        if (col) col.nullable = a.kind === 'drop-not-null';
        return;
      }
      case 'add-constraint':
        this.addConstraint(table, a.constraint, sql);
        return;
      case 'drop-constraint':
        table.indexes = table.indexes.filter((i) => !sameName(i.name, a.name) && !(i.primary && sameName(a.name, 'PRIMARY')));
        table.foreignKeys = table.foreignKeys.filter((f) => !sameName(f.name, a.name));
        return;
      case 'rename-table':
        this.renameTable(table, a.newName);
        return;
      case 'other':
        this.alterOther(table, a.description, note);
        return;
      default:
        return;
    }
  }

  /** MySQL `ADD [UNIQUE] INDEX|KEY [name] (cols)`: the model keeps it as text; parse it as the CREATE INDEX it means. */
  private alterOther(table: CatalogTable, description: string, note: NoteSink): void {
    const tokens = tokenize(description, this.dialect);
    const word = (i: number) => (tokens[i]?.kind === 'word' ? tokens[i]!.value : undefined);
    if (word(0) !== 'ADD') return;
    const unique = word(1) === 'UNIQUE';
    let i = unique ? 2 : 1;
    if (word(i) !== 'INDEX' && word(i) !== 'KEY') return;
    i++;
    const named = tokens[i] && tokens[i]!.value !== '(' && word(i) !== 'USING';
    const name = named ? description.slice(tokens[i]!.start, tokens[i]!.end) : '__unnamed';
    const rest = description.slice(named ? tokens[i]!.end : tokens[i]?.start ?? description.length);
    const text = `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${name} ON ${quoteName(table.name, this.dialect)} ${rest}`;
    const parsed = parseSqlText(text, this.dialect);
    const stmt = parsed.statements[0];
    if (parsed.error || stmt?.kind !== 'create-index') {
      note(`ALTER TABLE ${table.name} ${description.slice(0, 60)}: index definition not understood, ignored`);
      return;
    }
    if (!named) delete stmt.name;
    this.addIndex(table, stmt, text);
  }

  private renameColumn(table: CatalogTable, from: string, to: string): void {
    const col = table.columns.find((c) => sameName(c.name, from));
    if (col) col.name = to;
    for (const index of table.indexes) {
      for (const k of index.keys) {
        if (k.column !== undefined && sameName(k.column, from)) k.column = lower(to);
        if (k.expression !== undefined) k.expression = renameInKey(k.expression, from, to);
      }
      if (index.where !== undefined) index.where = renameInKey(index.where, from, to);
    }
    for (const fk of table.foreignKeys) fk.columns = fk.columns.map((c) => (sameName(c, from) ? to : c));
    for (const other of this.tables) {
      for (const fk of other.foreignKeys) {
        if (sameName(splitQualified(fk.references.table).name, table.name)) fk.references.columns = fk.references.columns.map((c) => (sameName(c, from) ? to : c));
      }
    }
  }

  private renameTable(table: CatalogTable, newName: string): void {
    const old = table.name;
    table.name = newName;
    for (const other of this.tables) {
      for (const fk of other.foreignKeys) if (sameName(splitQualified(fk.references.table).name, old)) fk.references.table = newName;
    }
  }

  // ---- CREATE / DROP INDEX ---------------------------------------------------------

  private createIndex(stmt: CreateIndexStatement, sql: string, note: NoteSink): void {
    const table = this.find(stmt.table);
    if (!table) {
      note(`CREATE INDEX ${stmt.name ?? ''} ON ${refName(stmt.table)}: the table is not known at this point, statement ignored`.replace('  ', ' '));
      return;
    }
    this.addIndex(table, stmt, sql);
  }

  /** Adds an index from a parsed CREATE INDEX (also used for ALTER TABLE ... ADD INDEX and live definitions). */
  addIndex(table: CatalogTable, stmt: CreateIndexStatement, sql: string): void {
    const name = stmt.name ?? this.defaultIndexName(table, stmt.columns);
    if (stmt.ifNotExists && table.indexes.some((i) => sameName(i.name, name))) return;
    const index: CatalogIndex = { name, keys: stmt.columns.map((c) => indexKey(c, sql)), unique: stmt.unique, primary: false };
    if (stmt.where) index.where = normaliseExpr(stmt.where, sql);
    // btree is the default everywhere; leaving it out keeps DDL and live catalogs alike.
    if (stmt.method && stmt.method !== 'btree') index.method = stmt.method;
    this.putIndex(table, index);
  }

  private defaultIndexName(table: CatalogTable, columns: IndexColumn[]): string {
    // PostgreSQL names an expression key after its function, else after its first column.
    const parts = columns.map((c) => c.column ?? (c.expr?.type === 'function' ? c.expr.name : c.expr ? (columnsOf(c.expr)[0]?.name ?? 'expr') : 'expr'));
    if (this.dialect === 'mysql' || this.dialect === 'mariadb') return parts[0] ?? table.name;
    return `${table.name}_${parts.join('_')}_idx`;
  }

  private drop(stmt: DropStatement): void {
    const type = stmt.objectType;
    for (const qualified of stmt.names) {
      const ref = splitQualified(qualified);
      if (type === 'TABLE' || type === 'VIEW' || type === 'MATERIALIZED VIEW') {
        const table = this.find(ref);
        if (table) this.tables.splice(this.tables.indexOf(table), 1);
      } else if (type === 'INDEX') {
        for (const t of this.tables) {
          if (ref.schema !== undefined && !sameSchema(t.schema, ref.schema)) continue;
          t.indexes = t.indexes.filter((i) => !sameName(i.name, ref.name));
        }
      }
    }
  }

  // ---- statements the model keeps as text -----------------------------------------

  /** CREATE [MATERIALIZED] VIEW name: a relation queries can read, columns unknown from DDL. */
  private other(keyword: string, text: string): void {
    if (keyword !== 'CREATE VIEW' && keyword !== 'CREATE MATERIALIZED VIEW') return;
    const tokens = tokenize(text, this.dialect);
    const at = tokens.findIndex((t) => t.kind === 'word' && t.value === 'VIEW');
    let i = at + 1;
    if (tokens[i]?.value === 'IF' && tokens[i + 1]?.value === 'NOT' && tokens[i + 2]?.value === 'EXISTS') i += 3;
    const ref = qualifiedAt(tokens, i);
    if (!ref) return;
    const view: CatalogTable = { name: ref.name, columns: [], indexes: [], foreignKeys: [], kind: keyword === 'CREATE VIEW' ? 'view' : 'materialized-view', columnsUnknown: true };
    const schema = ref.schema ?? this.defaultSchema();
    if (schema !== undefined) view.schema = schema;
    this.putTable(view);
  }

  private defaultSchema(): string | undefined {
    return this.dialect === 'postgresql' ? DEFAULT_SCHEMA : undefined;
  }
}

/** Schemas match when equal, or when either side did not say (plain DDL against a live catalog). */
function sameSchema(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || sameName(a, b);
}

function lower(name: string): string {
  return name.toLowerCase();
}

function columnKeys(columns: readonly string[]): CatalogIndex['keys'] {
  return columns.map((c) => ({ column: lower(c) }));
}

/** A key written `(email)` is still the plain column. */
function indexKey(c: IndexColumn, sql: string): { column?: string; expression?: string } {
  if (c.column !== undefined) return { column: lower(c.column) };
  if (c.expr?.type === 'column') return { column: lower(c.expr.name) };
  if (c.expr) return { expression: normaliseExpr(c.expr, sql) };
  return { expression: c.text.toLowerCase() };
}

function refName(ref: TableRef): string {
  return ref.schema ? `${ref.schema}.${ref.name}` : ref.name;
}

/** Upper-cased leading words of a statement or clause. */
function headWords(text: string, dialect: Dialect): string[] {
  const out: string[] = [];
  for (const t of tokenize(text.slice(0, 200), dialect)) {
    if (t.kind !== 'word') break;
    out.push(t.value);
  }
  return out;
}

/** A possibly qualified name starting at token i: `name`, `"name"`, `schema.name`. */
function qualifiedAt(tokens: readonly Token[], i: number): { schema?: string; name: string } | undefined {
  const t = tokens[i];
  if (!isIdent(t)) return undefined;
  const next = tokens[i + 2];
  if (tokens[i + 1]?.value === '.' && isIdent(next)) return { schema: identText(t), name: identText(next) };
  return { name: identText(t) };
}

function isIdent(t: Token | undefined): t is Token {
  return t !== undefined && (t.kind === 'word' || t.kind === 'qident');
}

/** The lexer upper-cases words; unquoted names fold to lower case (and compare case-insensitively anyway). */
function identText(t: Token): string {
  return t.kind === 'word' ? t.value.toLowerCase() : t.value;
}

function quoteName(name: string, dialect: Dialect): string {
  if (/^[A-Za-z_][\w$]*$/.test(name)) return name;
  return dialect === 'mysql' || dialect === 'mariadb' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

/**
 * Column names of a SELECT when each is known: aliases and plain columns.
 * Undefined when a `*` or an unnamed expression makes the list unknowable.
 */
export function selectColumnNames(select: SelectStatement): string[] | undefined {
  if (select.compound) {
    const first = select.compound.selects[0];
    return first ? selectColumnNames(first) : undefined;
  }
  if (select.values) return undefined;
  return itemNames(select.columns);
}

/** Names of select-list or RETURNING items, or undefined when one has no name of its own. */
export function itemNames(items: readonly SelectItem[]): string[] | undefined {
  const names: string[] = [];
  for (const item of items) {
    if (item.alias !== undefined) names.push(item.alias);
    else if (item.expr.type === 'column') names.push(item.expr.name);
    else return undefined;
  }
  return names;
}
