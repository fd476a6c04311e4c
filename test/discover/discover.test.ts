import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiscoverError, discover } from '../../src/discover/index.js';

let cwd: string;

function write(rel: string, content: string | Buffer): void {
  mkdirSync(path.dirname(path.join(cwd, rel)), { recursive: true });
  writeFileSync(path.join(cwd, rel), content);
}

beforeAll(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'sqlwarden-discover-'));
  write('.gitignore', 'generated/\n*.local.ts\n');
  write('src/app.ts', 'export const a = 1;');
  write('src/view.tsx', 'export const v = <div />;');
  write('src/legacy.cjs', 'module.exports = {};');
  write('src/types.d.ts', 'declare const x: number;');
  write('src/readme.md', '# not code');
  write('src/secret.local.ts', 'ignored by .gitignore');
  write('src/nested/.gitignore', 'skip-me.ts\n');
  write('src/nested/skip-me.ts', 'ignored by nested .gitignore');
  write('src/nested/keep.mts', 'kept');
  write('generated/out.ts', 'ignored folder');
  write('node_modules/pkg/index.js', 'never read');
  write('dist/index.js', 'never read');
  write('db/schema.sql', 'CREATE TABLE t (id int);');
  write('src/binary.ts', Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]));
  write('src/latin1.ts', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  write('src/bom.ts', '\ufeffexport const withBom = 1;');
  write('src/huge.ts', 'x'.repeat(3 * 1024 * 1024));
  symlinkSync(path.join(cwd, 'src'), path.join(cwd, 'src/nested/loop'));
  symlinkSync(path.join(cwd, 'missing.ts'), path.join(cwd, 'src/dangling.ts'));
});

describe('discover', () => {
  it('walks script and SQL files, honouring .gitignore (nested) and default ignores, in sorted order', () => {
    const { files } = discover({ cwd });
    expect(files.map((f) => f.relativePath)).toEqual([
      'db/schema.sql',
      'src/app.ts',
      'src/bom.ts',
      'src/legacy.cjs',
      'src/nested/keep.mts',
      'src/view.tsx',
    ]);
    expect(files.find((f) => f.relativePath === 'db/schema.sql')!.kind).toBe('sql');
  });

  it('strips a BOM', () => {
    const { files } = discover({ cwd, paths: ['src/bom.ts'] });
    expect(files[0]!.text.startsWith('export')).toBe(true);
  });

  it('skips binary, non-UTF-8, huge files, link loops and broken links with a note', () => {
    const { notes } = discover({ cwd });
    const byFile = Object.fromEntries(notes.map((n) => [n.file, n.reason]));
    expect(byFile['src/binary.ts']).toMatch(/binary/);
    expect(byFile['src/latin1.ts']).toMatch(/UTF-8/);
    expect(byFile['src/huge.ts']).toMatch(/over the .* limit/);
    expect(byFile['src/nested/loop']).toMatch(/loop/);
    expect(byFile['src/dangling.ts']).toMatch(/broken/);
  });

  it('applies --ignore-pattern and include globs', () => {
    const { files } = discover({ cwd, ignorePatterns: ['src/**/*.tsx', 'db/**'] });
    expect(files.map((f) => f.relativePath)).not.toContain('src/view.tsx');
    expect(files.map((f) => f.relativePath)).not.toContain('db/schema.sql');
    const only = discover({ cwd, include: ['**/*.sql'] });
    expect(only.files.map((f) => f.relativePath)).toEqual(['db/schema.sql']);
  });

  it('reads an explicitly named file even when .gitignore lists it', () => {
    const { files } = discover({ cwd, paths: ['src/secret.local.ts'] });
    expect(files.map((f) => f.relativePath)).toEqual(['src/secret.local.ts']);
  });

  it('names a missing path clearly', () => {
    expect(() => discover({ cwd, paths: ['nope'] })).toThrow(DiscoverError);
    expect(() => discover({ cwd, paths: ['nope'] })).toThrow(/No such file or folder: nope/);
  });
});
