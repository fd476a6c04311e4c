import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discover } from '../../src/discover/index.js';
import { extractAll, type ExtractResult } from '../../src/extract/index.js';
import type { SourceFile } from '../../src/core/types.js';

/** Extracts from one in-memory file. */
export function extractCode(code: string, filename = 'app.ts'): ExtractResult {
  const cwd = path.resolve('/virtual-project');
  const file: SourceFile = { path: path.join(cwd, filename), relativePath: filename, text: code, kind: filename.endsWith('.sql') ? 'sql' : 'script' };
  return extractAll([file], { cwd });
}

export function sqlOf(code: string, filename = 'app.ts'): string[] {
  return extractCode(code, filename).fragments.map((f) => f.sql.replace(/\s+/g, ' ').trim());
}

/** Writes a small project to a temp folder and extracts from all of it. */
export function extractProject(files: Record<string, string>): ExtractResult & { cwd: string } {
  const cwd = mkdtempSync(path.join(tmpdir(), 'sqlwarden-extract-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(cwd, name)), { recursive: true });
    writeFileSync(path.join(cwd, name), text);
  }
  const found = discover({ cwd });
  return { ...extractAll(found.files, { cwd }), cwd };
}
