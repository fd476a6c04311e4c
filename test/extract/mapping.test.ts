/**
 * Position mapping: every SQL offset maps back to the exact file line and
 * column, across multi-line templates, holes before and after the target,
 * CRLF, tabs, non-ASCII text and escape sequences. Expected positions are
 * in fixtures/mapping/EXPECTED.md, computed independently of sqlwarden.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapSqlSpan } from '../../src/core/location.js';
import { discover } from '../../src/discover/index.js';
import { extractAll } from '../../src/extract/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const expected = readFileSync(path.join(root, 'fixtures/mapping/EXPECTED.md'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('| `') && l.includes('.ts'))
  .map((l) => {
    const cells = l.split('|').map((c) => c.trim());
    const file = cells[1]!.replace(/`/g, '');
    const token = cells[2]!.replace(/^`+\s?|\s?`+$/g, '');
    const [line, column] = cells[3]!.split(':').map(Number);
    return { file, token, line: line!, column: column!, endColumn: Number(cells[4]) };
  });

const { files } = discover({ cwd: root, paths: ['fixtures/mapping'] });
const { fragments } = extractAll(files, { cwd: root });

describe('SQL offsets map back to file positions', () => {
  it('reads every expected row', () => {
    expect(expected.length).toBeGreaterThanOrEqual(15);
  });
  for (const row of expected) {
    it(`${row.file} ${row.token} at ${row.line}:${row.column}`, () => {
      // The SQL holds the cooked text: an escaped quote \' is a plain ' there.
      const cooked = row.token.replace(/\\'/g, "'");
      const candidates = fragments.filter((f) => f.file === `fixtures/mapping/${row.file}` && f.sql.includes(cooked));
      expect(candidates.length).toBeGreaterThan(0);
      const f = candidates[0]!;
      const at = f.sql.indexOf(cooked);
      const mapped = mapSqlSpan(f, at, at + cooked.length);
      expect(mapped.file).toBe(`fixtures/mapping/${row.file}`);
      expect({ line: mapped.start.line, column: mapped.start.column }).toEqual({ line: row.line, column: row.column });
      expect(mapped.end.line).toBe(row.line);
      expect(mapped.end.column).toBe(row.endColumn);
    });
  }
});
