/**
 * A SqlPiece is SQL text under construction together with the map from each
 * of its characters back to the file it came from. Pieces are composed by
 * concatenation, so composing never loses a position.
 */
import type { Hole, HoleKind, HoleRole, Range, Segment } from '../core/types.js';

export interface PieceSegment {
  sqlStart: number;
  fileStart: number;
  length: number;
  /** Set for escape sequences: how many file characters produced this text. */
  fileLength?: number;
  file: string;
}

export interface PieceHole {
  kind: HoleKind;
  role: HoleRole;
  safe?: string;
  sql: Range;
  file: Range;
  path: string;
  expression: string;
}

export interface SqlPiece {
  text: string;
  segments: PieceSegment[];
  holes: PieceHole[];
}

export const EMPTY_PIECE: SqlPiece = Object.freeze({ text: '', segments: [], holes: [] }) as SqlPiece;

/** Text with no place in any file (separators added by join(), say). */
export function syntheticPiece(text: string): SqlPiece {
  return { text, segments: [], holes: [] };
}

export function concatPieces(parts: readonly SqlPiece[]): SqlPiece {
  if (parts.length === 1) return parts[0]!;
  let text = '';
  const segments: PieceSegment[] = [];
  const holes: PieceHole[] = [];
  for (const part of parts) {
    const shift = text.length;
    text += part.text;
    for (const s of part.segments) {
      const last = segments[segments.length - 1];
      // Merge runs that continue each other in the same file: keeps maps small.
      const plain = last && last.fileLength === undefined && s.fileLength === undefined;
      if (plain && last.file === s.file && last.sqlStart + last.length === s.sqlStart + shift && last.fileStart + last.length === s.fileStart) {
        last.length += s.length;
      } else {
        segments.push({ ...s, sqlStart: s.sqlStart + shift });
      }
    }
    for (const h of part.holes) holes.push({ ...h, sql: { start: h.sql.start + shift, end: h.sql.end + shift } });
  }
  return { text, segments, holes };
}

/** A stand-in for an interpolated expression. */
export function holePiece(standIn: string, hole: Omit<PieceHole, 'sql'>): SqlPiece {
  return { text: standIn, segments: [], holes: [{ ...hole, sql: { start: 0, end: standIn.length } }] };
}

export type QuoteKind = 'single' | 'double' | 'template';

/**
 * Decodes the raw source text of a string or template literal part (without its
 * delimiters), keeping a segment for every run of characters copied verbatim.
 * An escape sequence maps to the position of its backslash.
 */
export function decodeLiteral(raw: string, fileStart: number, file: string, quote: QuoteKind): SqlPiece {
  let text = '';
  const segments: PieceSegment[] = [];
  let runSql = 0;
  let runFile = fileStart;
  let runLength = 0;
  const flush = () => {
    if (runLength > 0) segments.push({ sqlStart: runSql, fileStart: runFile, length: runLength, file });
    runLength = 0;
  };
  const emit = (chars: string, at: number, verbatim: boolean, rawLength = chars.length) => {
    if (verbatim) {
      if (runLength === 0) {
        runSql = text.length;
        runFile = at;
      }
      text += chars;
      runLength += chars.length;
      return;
    }
    flush();
    if (chars.length > 0) segments.push({ sqlStart: text.length, fileStart: at, length: chars.length, ...(rawLength !== chars.length ? { fileLength: rawLength } : {}), file });
    text += chars;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const at = fileStart + i;
    if (c === '\r' && quote === 'template') {
      // Template literals cook CRLF and CR to LF.
      const crlf = raw[i + 1] === '\n';
      if (crlf) i++;
      emit('\n', at, false, crlf ? 2 : 1);
      continue;
    }
    if (c !== '\\') {
      emit(c, at, true);
      continue;
    }
    const n = raw[i + 1];
    if (n === undefined) break;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };
    if (n in simple && !(n === '0' && /[0-9]/.test(raw[i + 2] ?? ''))) {
      emit(simple[n]!, at, false, 2);
      i++;
    } else if (n === 'x') {
      emit(String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16)), at, false, 4);
      i += 3;
    } else if (n === 'u') {
      if (raw[i + 2] === '{') {
        const close = raw.indexOf('}', i + 3);
        emit(String.fromCodePoint(parseInt(raw.slice(i + 3, close), 16)), at, false, close - i + 1);
        i = close;
      } else {
        emit(String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16)), at, false, 6);
        i += 5;
      }
    } else if (n === '\r' || n === '\n') {
      // Line continuation: contributes nothing.
      flush();
      i++;
      if (n === '\r' && raw[i + 1] === '\n') i++;
    } else {
      emit(n, at, false, 2);
      i++;
    }
  }
  flush();
  return { text, segments, holes: [] };
}

/** Removes leading and trailing white space, keeping the map (for `.trim()`). */
export function trimPiece(piece: SqlPiece): SqlPiece {
  const lead = piece.text.length - piece.text.trimStart().length;
  const kept = piece.text.trim().length;
  return slicePiece(piece, lead, lead + kept);
}

export function slicePiece(piece: SqlPiece, start: number, end: number): SqlPiece {
  const segments: PieceSegment[] = [];
  for (const s of piece.segments) {
    const a = Math.max(s.sqlStart, start);
    const b = Math.min(s.sqlStart + s.length, end);
    if (a < b) segments.push({ ...s, sqlStart: a - start, fileStart: s.fileStart + (a - s.sqlStart), length: b - a });
    // (an escape segment is one unit long, so slicing never splits one)
  }
  const holes = piece.holes
    .filter((h) => h.sql.start >= start && h.sql.end <= end)
    .map((h) => ({ ...h, sql: { start: h.sql.start - start, end: h.sql.end - start } }));
  return { text: piece.text.slice(start, end), segments, holes };
}

/** Converts piece-level paths into a fragment's source table. */
export function finishPiece(piece: SqlPiece, hostFile: string): { segments: Segment[]; holes: Hole[]; files: string[] } {
  const files = [hostFile];
  const indexOf = (file: string) => {
    let i = files.indexOf(file);
    if (i < 0) i = files.push(file) - 1;
    return i;
  };
  const segments = piece.segments.map((s) => ({
    sqlStart: s.sqlStart,
    fileStart: s.fileStart,
    length: s.length,
    ...(s.fileLength !== undefined ? { fileLength: s.fileLength } : {}),
    source: indexOf(s.file),
  }));
  const holes: Hole[] = piece.holes.map((h) => ({
    kind: h.kind,
    role: h.role,
    ...(h.safe ? { safe: h.safe } : {}),
    sql: h.sql,
    file: h.file,
    source: indexOf(h.path),
    expression: h.expression,
  }));
  return { segments, holes, files };
}

/** Replace [start, end) of a piece's text with new text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies non-overlapping edits in order. Replacement text maps to where the
 * replaced text began, spanning all of it, so positions stay exact.
 */
export function applyEdits(piece: SqlPiece, edits: readonly TextEdit[]): SqlPiece {
  if (edits.length === 0) return piece;
  const parts: SqlPiece[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(slicePiece(piece, at, edit.start));
    const origin = piece.segments.find((s) => edit.start >= s.sqlStart && edit.start < s.sqlStart + s.length);
    if (origin && edit.text.length > 0) {
      const fileStart = origin.fileStart + (origin.fileLength === undefined ? edit.start - origin.sqlStart : 0);
      parts.push({
        text: edit.text,
        segments: [{ sqlStart: 0, fileStart, length: edit.text.length, fileLength: edit.end - edit.start, file: origin.file }],
        holes: [],
      });
    } else {
      parts.push(syntheticPiece(edit.text));
    }
    at = edit.end;
  }
  parts.push(slicePiece(piece, at, piece.text.length));
  return concatPieces(parts);
}
