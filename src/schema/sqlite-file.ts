/**
 * Reads the schema of a SQLite database file without a native module: the
 * file format is documented and stable, and the schema is plain SQL text in
 * the `sqlite_schema` table (the b-tree rooted at page 1). Row counts come from
 * counting the cells of each table's b-tree. Read-only by construction (the
 * file is only read); changes still in a `-wal` file are not seen.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { SchemaError } from './errors.js';

export interface SqliteSchemaRow {
  type: string;
  name: string;
  tableName: string;
  rootPage: number;
  sql: string | null;
}

export interface SqliteSchema {
  rows: SqliteSchemaRow[];
  /** Exact row counts by table name (tables whose b-tree was small enough to count). */
  rowCounts: Map<string, number>;
  notes: string[];
}

const MAGIC = 'SQLite format 3\u0000';
/** Pages read to count rows, over all tables: beyond this a count is left unknown. */
const COUNT_BUDGET = 200_000;

export function isSqliteFile(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(16);
      readSync(fd, buf, 0, 16, 0);
      return buf.toString('latin1') === MAGIC;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

export function readSqliteSchema(file: string): SqliteSchema {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new SchemaError(`${file}: cannot open SQLite database (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return new Reader(fd, file).schema();
  } finally {
    closeSync(fd);
  }
}

class Reader {
  private readonly pageSize: number;
  private readonly usable: number;
  private readonly encoding: 'utf8' | 'utf16le' | 'utf16be';
  private budget = COUNT_BUDGET;

  constructor(
    private readonly fd: number,
    private readonly file: string,
  ) {
    const header = Buffer.alloc(100);
    readSync(fd, header, 0, 100, 0);
    if (header.toString('latin1', 0, 16) !== MAGIC) throw new SchemaError(`${file}: not a SQLite 3 database`);
    const size = header.readUInt16BE(16);
    this.pageSize = size === 1 ? 65536 : size;
    this.usable = this.pageSize - header.readUInt8(20);
    const enc = header.readUInt32BE(56);
    this.encoding = enc === 2 ? 'utf16le' : enc === 3 ? 'utf16be' : 'utf8';
  }

  schema(): SqliteSchema {
    const notes: string[] = [];
    const rows: SqliteSchemaRow[] = [];
    this.walkTable(1, (payload) => {
      const [type, name, tableName, rootPage, sql] = this.record(payload);
      rows.push({ type: String(type), name: String(name), tableName: String(tableName), rootPage: Number(rootPage ?? 0), sql: typeof sql === 'string' ? sql : null });
    });
    const rowCounts = new Map<string, number>();
    for (const r of rows) {
      if (r.type !== 'table' || r.rootPage <= 0 || r.name.startsWith('sqlite_')) continue;
      const count = this.countRows(r.rootPage);
      if (count === undefined) notes.push(`${this.file}: table ${r.name} is too large to count rows in the file; its row count is left unknown`);
      else rowCounts.set(r.name, count);
    }
    const wal = `${this.file}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0) notes.push(`${this.file}: changes still in ${wal} are not read (checkpoint the database to include them)`);
    return { rows, rowCounts, notes };
  }

  private page(n: number): Buffer {
    const buf = Buffer.alloc(this.pageSize);
    readSync(this.fd, buf, 0, this.pageSize, (n - 1) * this.pageSize);
    return buf;
  }

  /** Calls `cb` with each row's payload of the table b-tree rooted at `root`, in rowid order. */
  private walkTable(root: number, cb: (payload: Buffer) => void, depth = 0): void {
    if (depth > 64) throw new SchemaError(`${this.file}: b-tree too deep, the file may be corrupt`);
    const page = this.page(root);
    const h = root === 1 ? 100 : 0;
    const type = page[h]!;
    const cells = page.readUInt16BE(h + 3);
    const interior = type === 0x05;
    const pointers = h + (interior ? 12 : 8);
    for (let i = 0; i < cells; i++) {
      const at = page.readUInt16BE(pointers + 2 * i);
      if (interior) this.walkTable(page.readUInt32BE(at), cb, depth + 1);
      else if (type === 0x0d) cb(this.leafPayload(page, at));
    }
    if (interior) this.walkTable(page.readUInt32BE(h + 8), cb, depth + 1);
  }

  /** The payload of a table leaf cell, following overflow pages. */
  private leafPayload(page: Buffer, at: number): Buffer {
    const [size, n1] = varint(page, at);
    const [, n2] = varint(page, at + n1);
    const start = at + n1 + n2;
    const total = Number(size);
    const maxLocal = this.usable - 35;
    if (total <= maxLocal) return page.subarray(start, start + total);
    const minLocal = Math.floor(((this.usable - 12) * 32) / 255) - 23;
    const k = minLocal + ((total - minLocal) % (this.usable - 4));
    const local = k <= maxLocal ? k : minLocal;
    const parts = [page.subarray(start, start + local)];
    let remaining = total - local;
    let next = page.readUInt32BE(start + local);
    while (remaining > 0 && next !== 0) {
      const overflow = this.page(next);
      const take = Math.min(remaining, this.usable - 4);
      parts.push(overflow.subarray(4, 4 + take));
      remaining -= take;
      next = overflow.readUInt32BE(0);
    }
    return Buffer.concat(parts);
  }

  /** Decodes a record into values (numbers, strings, null; blobs as null). */
  private record(payload: Buffer): (string | number | null)[] {
    const [headerSize, n] = varint(payload, 0);
    const types: number[] = [];
    let p = n;
    while (p < Number(headerSize)) {
      const [t, len] = varint(payload, p);
      types.push(Number(t));
      p += len;
    }
    const out: (string | number | null)[] = [];
    let at = Number(headerSize);
    for (const t of types) {
      if (t === 0) out.push(null);
      else if (t >= 1 && t <= 6) {
        const len = [0, 1, 2, 3, 4, 6, 8][t]!;
        out.push(len <= 6 ? payload.readIntBE(at, len) : Number(payload.readBigInt64BE(at)));
        at += len;
      } else if (t === 7) {
        out.push(payload.readDoubleBE(at));
        at += 8;
      } else if (t === 8 || t === 9) out.push(t - 8);
      else if (t >= 12) {
        const len = Math.floor((t - (t % 2 === 0 ? 12 : 13)) / 2);
        out.push(t % 2 === 1 ? this.text(payload.subarray(at, at + len)) : null);
        at += len;
      } else out.push(null);
    }
    return out;
  }

  private text(buf: Buffer): string {
    if (this.encoding === 'utf8') return buf.toString('utf8');
    if (this.encoding === 'utf16le') return buf.toString('utf16le');
    const swapped = Buffer.from(buf);
    swapped.swap16();
    return swapped.toString('utf16le');
  }

  /** Rows of a table b-tree (rowid or WITHOUT ROWID), or undefined past the page budget. */
  private countRows(root: number, depth = 0): number | undefined {
    if (--this.budget < 0 || depth > 64) return undefined;
    const page = this.page(root);
    const type = page[0]!;
    const cells = page.readUInt16BE(3);
    if (type === 0x0d || type === 0x0a) return cells;
    if (type !== 0x05 && type !== 0x02) return undefined;
    // Interior cells of an index b-tree (WITHOUT ROWID tables) are rows too.
    let total = type === 0x02 ? cells : 0;
    const children = [...Array(cells).keys()].map((i) => page.readUInt32BE(page.readUInt16BE(12 + 2 * i)));
    children.push(page.readUInt32BE(8));
    for (const child of children) {
      const n = this.countRows(child, depth + 1);
      if (n === undefined) return undefined;
      total += n;
    }
    return total;
  }
}

/** SQLite's big-endian base-128 varint: [value, bytes read]. */
function varint(buf: Buffer, at: number): [bigint, number] {
  let value = 0n;
  for (let i = 0; i < 8; i++) {
    const b = buf[at + i]!;
    value = (value << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  return [(value << 8n) | BigInt(buf[at + 8]!), 9];
}
