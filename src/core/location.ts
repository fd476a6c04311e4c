/**
 * Offsets to lines and columns, and SQL offsets back to file offsets through a
 * fragment's segment map. Shared by every stage that reports a position.
 */
import type { Position, SqlFragment } from './types.js';

/** Offsets where each line starts; a line ends at \n, \r\n or a lone \r. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line and column of a UTF-16 offset. */
export function positionAt(lineStarts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}

export interface FileLocation {
  /** Index into fragment.sources. */
  source: number;
  offset: number;
}

/**
 * Maps an offset inside fragment.sql to the file. Offsets inside a run of
 * verbatim text map exactly; offsets inside a hole's stand-in map to the hole's
 * expression; anything else maps to the nearest preceding segment end.
 */
export function sqlToFile(fragment: SqlFragment, sqlOffset: number): FileLocation {
  for (const hole of fragment.holes) {
    if (sqlOffset >= hole.sql.start && sqlOffset < hole.sql.end) {
      return { source: hole.source, offset: hole.file.start };
    }
  }
  const segments = fragment.segments;
  let best: FileLocation | undefined;
  let lo = 0;
  let hi = segments.length - 1;
  // Segments are sorted by sqlStart; find the last one starting at or before the offset.
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = segments[mid]!;
    if (seg.sqlStart <= sqlOffset) {
      const inside = sqlOffset - seg.sqlStart;
      if (inside < seg.length) return { source: seg.source, offset: seg.fileStart + inside };
      best = { source: seg.source, offset: seg.fileStart + seg.length };
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best ?? { source: 0, offset: fragment.start.start };
}

export interface MappedSpan {
  file: string;
  start: Position;
  end: Position;
}

/** Where the SQL character before `sqlEnd` ends in the file (escapes end after their last raw character). */
function sqlEndToFile(fragment: SqlFragment, sqlEnd: number): FileLocation {
  const last = Math.max(0, sqlEnd - 1);
  for (const hole of fragment.holes) {
    if (last >= hole.sql.start && last < hole.sql.end) return { source: hole.source, offset: hole.file.end };
  }
  for (const seg of fragment.segments) {
    if (last >= seg.sqlStart && last < seg.sqlStart + seg.length) {
      // An escape sequence ends after its last raw character; verbatim text one past the character.
      const offset = seg.fileLength !== undefined ? seg.fileStart + seg.fileLength : seg.fileStart + (last - seg.sqlStart) + 1;
      return { source: seg.source, offset };
    }
  }
  const start = sqlToFile(fragment, last);
  return { source: start.source, offset: start.offset + 1 };
}

export interface MappedSpan {
  file: string;
  start: Position;
  end: Position;
}

/** Maps a SQL range to a file range (an end in another file than the start clamps to the start). */
export function mapSqlSpan(fragment: SqlFragment, start: number, end: number): MappedSpan {
  // A span that is exactly a hole (even an empty stand-in) is the interpolated expression.
  const hole = fragment.holes.find((h) => h.sql.start === start && h.sql.end === end);
  if (hole) {
    const source = fragment.sources[hole.source] ?? fragment.sources[0]!;
    return { file: source.file, start: positionAt(source.lineStarts, hole.file.start), end: positionAt(source.lineStarts, hole.file.end) };
  }
  const from = sqlToFile(fragment, start);
  let to = sqlEndToFile(fragment, Math.max(end, start + 1));
  if (to.source !== from.source || to.offset < from.offset) to = { source: from.source, offset: from.offset + 1 };
  const source = fragment.sources[from.source] ?? fragment.sources[0]!;
  return {
    file: source.file,
    start: positionAt(source.lineStarts, from.offset),
    end: positionAt(source.lineStarts, to.offset),
  };
}
