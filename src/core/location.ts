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

/** Maps a SQL range to a file range (the end clamps to the start's file). */
export function mapSqlSpan(fragment: SqlFragment, start: number, end: number): MappedSpan {
  const from = sqlToFile(fragment, start);
  let to = sqlToFile(fragment, Math.max(start, end - 1));
  if (to.source !== from.source || to.offset < from.offset) to = from;
  else to = { source: to.source, offset: to.offset + 1 };
  // A hole maps to its whole expression.
  const hole = fragment.holes.find((h) => end - 1 >= h.sql.start && end - 1 < h.sql.end && h.source === from.source);
  if (hole) to = { source: hole.source, offset: Math.max(to.offset, hole.file.end) };
  const source = fragment.sources[from.source] ?? fragment.sources[0]!;
  return {
    file: source.file,
    start: positionAt(source.lineStarts, from.offset),
    end: positionAt(source.lineStarts, Math.max(to.offset, from.offset)),
  };
}
