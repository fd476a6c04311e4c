/**
 * The pipeline for one file, synchronously: the same stage functions as
 * runCheck (src/run.ts) — extractAll, parseFragment, analyse — with the file's
 * text from ESLint instead of discovery. Nothing here re-implements a stage.
 */
import { pgReady } from './pg-sync.js';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { type EnabledRule, analyse } from '../analyse/engine.js';
import type { ResolvedConfig } from '../cli/config.js';
import type { Catalog } from '../core/catalog.js';
import type { Diagnostic, SourceFile, SqlFragment } from '../core/types.js';
import { SCRIPT_EXTENSIONS as DISCOVERED_SCRIPTS } from '../discover/index.js';
import { extractAll } from '../extract/index.js';
import { ScriptCache } from '../extract/scripts.js';
import { isPiece, parsePiece } from '../parse/context.js';
import { initParsers, parseFragment } from '../parse/index.js';
import { isHeuristic } from '../run.js';
import type { ParsedQuery } from '../parse/model.js';
import { parsePostgres } from '../parse/pg-parse.js';

let parsersLoaded = false;
// In asynchronous hosts (ESLint 9/10, editors) this settles before the first
// lint; until it has, parseFragmentSync below covers Postgres.
initParsers().then(
  () => {
    parsersLoaded = true;
  },
  () => undefined,
);

/**
 * parseFragment, usable before initParsers() has settled. parseFragment refuses
 * Postgres until its `loaded` flag flips, a microtask after libpg-query is
 * ready; ESLint 8 lints synchronously right after loading the plugin, so no
 * microtask runs in between. pg-sync.ts has made libpg-query ready already, so
 * its refusal is answered by parsing with parsePostgres directly.
 */
export function parseFragmentSync(fragment: SqlFragment): ParsedQuery {
  if (parsersLoaded) return parseFragment(fragment);
  return isPiece(fragment) ? parsePiece(fragment, parseStatementSync) : parseStatementSync(fragment);
}

function parseStatementSync(fragment: SqlFragment): ParsedQuery {
  const q = parseFragment(fragment);
  const refused = fragment.dialect === 'postgresql' && q.parser === 'none' && q.error !== undefined;
  if (!refused || parsersLoaded || !pgReady()) return q;
  try {
    return parsePostgres(fragment);
  } catch (e) {
    return { ...q, parser: 'libpg-query', error: { message: `internal parse error: ${(e as Error)?.message ?? String(e)}`, offset: 0 } };
  }
}


export interface FileLintRequest {
  /** The text ESLint lints (BOM removed). */
  text: string;
  /** Absolute path, or a pseudo name such as `<input>`. */
  filename: string;
  cwd: string;
  /** The sqlwarden rules ESLint has on for this file, with their options. */
  rules: readonly EnabledRule[];
  config: ResolvedConfig;
  catalog?: Catalog;
}

export interface FileLintResult {
  /** The file's path relative to cwd, as in diagnostics. */
  file: string;
  /** Findings located in this file. */
  diagnostics: Diagnostic[];
}

/** The extensions `sqlwarden check` reads as scripts. */
export const SCRIPT_EXTENSIONS: ReadonlySet<string> = new Set(DISCOVERED_SCRIPTS);

/** Runs extraction, parsing and analysis on one file's text. */
export function lintFileSync(request: FileLintRequest): FileLintResult {
  const { cwd, config } = request;
  const abs = path.isAbsolute(request.filename) ? request.filename : path.resolve(cwd, request.filename);
  const rel = path.relative(cwd, abs).split(path.sep).join('/');
  const file: SourceFile = { path: abs, relativePath: rel, text: request.text, kind: path.extname(abs).toLowerCase() === '.sql' ? 'sql' : 'script' };
  const wantsLoops = request.rules.some((e) => e.rule.visit.dbCallInLoop);
  const files = file.kind === 'script' && wantsLoops ? [file, ...importedHelpers(file, cwd)] : [file];
  const extracted = extractAll(files, { cwd, detectors: config.detectors, dialectFor: (f) => config.dialectFor(f) });
  const queries = extracted.fragments
    .filter((f) => f.file === rel)
    .map(parseFragmentSync)
    .filter((q) => !(isHeuristic(q) && q.error));
  const unusedDisable = request.rules.find((e) => e.rule.name === 'unused-disable');
  const result = analyse(
    { queries, dbCallsInLoops: extracted.dbCallsInLoops.filter((c) => c.file === rel), fileTexts: new Map([[rel, request.text]]) },
    {
      rulesFor: () => request.rules,
      isMigration: (f) => config.isMigration(f),
      ...(request.catalog ? { catalog: request.catalog } : {}),
      ...(unusedDisable
        ? { directiveRule: () => ({ severity: unusedDisable.severity, requireReason: Boolean((unusedDisable.options as { requireReason?: boolean }).requireReason) }) }
        : {}),
    },
  );
  return { file: rel, diagnostics: result.diagnostics.filter((d) => d.file === rel) };
}

const LOOP = /\b(?:for|while)\s*\(|\bdo\s*\{|\.(?:map|forEach|flatMap|reduce|filter|some|every|find|findIndex)\s*\(/;
/** `import a, { b, c as d } from './m'`, `import * as ns from './m'`, `const { a } = require('./m')`, `const m = require('./m')`. */
const RELATIVE_IMPORT =
  /\bimport\s+(?:type\s+)?([\w$\s{},*]+?)\s+from\s*(['"])(\.{1,2}\/[^'"\n]*)\2|\b(?:const|let|var)\s+([\w$\s{},:]+?)\s*=\s*require\s*\(\s*(['"])(\.{1,2}\/[^'"\n]*)\5\s*\)/g;
const MAX_IMPORTED_BYTES = 1_000_000;

/** Local names a binding clause introduces (`a, { b, c as d }` → a, b, d; `{ a: b }` → b). */
function localNames(clause: string): string[] {
  return clause
    .replace(/[{}]/g, ',')
    .split(',')
    .map((part) => part.trim().split(/\s+as\s+|\s*:\s*/).pop()!.replace(/^\*\s*as\s+/, '').replace(/^type\s+/, '').trim())
    .filter((name) => /^[\w$]+$/.test(name));
}

/**
 * Files this file imports by relative path whose bindings it calls, when it has
 * a loop: extraction learns from them which helpers run queries
 * (`for (...) await findUser(id)`, `new UserRepo()` then `repo.find(id)`).
 * Only their query functions are used; their own findings are dropped. Modules
 * that only lend constants are not read.
 */
function importedHelpers(file: SourceFile, cwd: string): SourceFile[] {
  if (!LOOP.test(file.text)) return [];
  const specifiers = new Set<string>();
  for (const m of file.text.matchAll(RELATIVE_IMPORT)) {
    const clause = m[1] ?? m[4] ?? '';
    const specifier = m[3] ?? m[6]!;
    const called = localNames(clause).some((name) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}\\s*(?:\\(|\\.\\s*[\\w$]+\\s*\\()`).test(file.text));
    if (called) specifiers.add(specifier);
  }
  if (specifiers.size === 0) return [];
  const resolver = new ScriptCache(cwd);
  const out: SourceFile[] = [];
  const seen = new Set<string>([file.path]);
  for (const spec of specifiers) {
    const target = resolver.resolveModule(file.path, spec);
    if (!target || seen.has(target)) continue;
    seen.add(target);
    try {
      if (statSync(target).size > MAX_IMPORTED_BYTES) continue;
      const text = readFileSync(target, 'utf8');
      out.push({ path: target, relativePath: path.relative(cwd, target).split(path.sep).join('/'), text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, kind: 'script' });
    } catch {
      /* unreadable: no helpers from it */
    }
  }
  return out;
}
