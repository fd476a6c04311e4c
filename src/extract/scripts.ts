/**
 * Parsed TypeScript/JavaScript files and the cross-file lookups extraction
 * needs: imports, scoped `const` bindings, exported constants. Files are parsed
 * once with the compiler API (ts-morph's bundled `ts`) and cached; files outside
 * the walked set are read lazily, only when an import leads to them.
 */
import { readFileSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from './typescript.js';
import { lineStartsOf } from '../core/location.js';
import { SCRIPT_EXTENSIONS } from '../discover/index.js';

export interface ImportBinding {
  /** Module specifier as written. */
  module: string;
  /** 'default', '*', or the exported name. */
  name: string;
}

export interface ScriptFile {
  path: string;
  relativePath: string;
  text: string;
  sourceFile: ts.SourceFile;
  imports: Map<string, ImportBinding>;
  lineStarts: number[];
}

export function scriptKindFor(file: string): ts.ScriptKind {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsx') return ts.ScriptKind.TSX;
  if (ext === '.jsx') return ts.ScriptKind.JSX;
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

function collectImports(sf: ts.SourceFile): Map<string, ImportBinding> {
  const imports = new Map<string, ImportBinding>();
  for (const stmt of sf.statements) {
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier) && stmt.importClause) {
      const module = stmt.moduleSpecifier.text;
      const clause = stmt.importClause;
      if (clause.name) imports.set(clause.name.text, { module, name: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, name: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) imports.set(el.name.text, { module, name: (el.propertyName ?? el.name).text });
      }
    } else if (ts.isVariableStatement(stmt)) {
      // const x = require('m'), const { a, b: c } = require('m')
      for (const decl of stmt.declarationList.declarations) {
        const init = decl.initializer && requireCallIn(decl.initializer);
        if (!init) continue;
        const arg = init.arguments[0];
        if (!arg || !ts.isStringLiteral(arg)) continue;
        if (ts.isIdentifier(decl.name)) imports.set(decl.name.text, { module: arg.text, name: '*' });
        else if (ts.isObjectBindingPattern(decl.name)) {
          for (const el of decl.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const prop = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            imports.set(el.name.text, { module: arg.text, name: prop });
          }
        }
      }
    }
  }
  return imports;
}

/** The `require('m')` at the root of `require('m')`, `require('m').verbose()`, `new (require('m').X)()`. */
function requireCallIn(expr: ts.Expression): ts.CallExpression | undefined {
  let node: ts.Node = expr;
  for (let i = 0; i < 6; i++) {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') return node;
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isPropertyAccessExpression(node) || ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node)) {
      node = node.expression;
    } else {
      return undefined;
    }
  }
  return undefined;
}

export function parseScript(absPath: string, relativePath: string, text: string): ScriptFile {
  const sourceFile = ts.createSourceFile(absPath, text, ts.ScriptTarget.Latest, true, scriptKindFor(absPath));
  return { path: absPath, relativePath, text, sourceFile, imports: collectImports(sourceFile), lineStarts: lineStartsOf(text) };
}

const MAX_LAZY_FILE_BYTES = 1_000_000;

/** Where a file's text came from and how to map its offsets, without its syntax tree. */
export interface ScriptInfo {
  relativePath: string;
  lineStarts: number[];
}

/** Syntax trees kept at once: enough for import chains, bounded so 10k-file runs stay small. */
const PARSED_LIMIT = 8;

/**
 * Resolves imports to project files and hands out parsed scripts. Trees are
 * kept in a small LRU: a file imported for its constants after its tree was
 * dropped is parsed again from the text held here (reparsing a few files costs
 * far less than holding every tree of a large code base in memory).
 */
export class ScriptCache {
  private readonly parsed = new Map<string, ScriptFile>();
  private readonly texts = new Map<string, { relativePath: string; text: string }>();
  private readonly infos = new Map<string, ScriptInfo | null>();
  private readonly resolved = new Map<string, string | null>();

  constructor(private readonly cwd: string) {}

  add(file: ScriptFile): void {
    this.texts.set(file.path, { relativePath: file.relativePath, text: file.text });
    this.infos.set(file.path, { relativePath: file.relativePath, lineStarts: file.lineStarts });
    this.remember(file);
  }

  /** A file known by its text (an in-memory buffer) without parsing it yet. */
  addText(absPath: string, relativePath: string, text: string): void {
    if (!this.texts.has(absPath)) this.texts.set(absPath, { relativePath, text });
  }

  private remember(file: ScriptFile): void {
    this.parsed.delete(file.path);
    this.parsed.set(file.path, file);
    if (this.parsed.size > PARSED_LIMIT) this.parsed.delete(this.parsed.keys().next().value!);
  }

  get(absPath: string): ScriptFile | undefined {
    const hit = this.parsed.get(absPath);
    if (hit) {
      this.remember(hit);
      return hit;
    }
    const known = this.texts.get(absPath);
    if (known) {
      const file = parseScript(absPath, known.relativePath, known.text);
      this.remember(file);
      return file;
    }
    if (this.infos.get(absPath) === null) return undefined;
    // A file reached through an import but outside the walked set: read it now.
    let file: ScriptFile | undefined;
    try {
      if (statSync(absPath).size <= MAX_LAZY_FILE_BYTES) {
        const text = readFileSync(absPath, 'utf8');
        file = parseScript(absPath, path.relative(this.cwd, absPath).split(path.sep).join('/'), text);
      }
    } catch {
      file = undefined;
    }
    if (!file) {
      this.infos.set(absPath, null);
      return undefined;
    }
    this.add(file);
    return file;
  }

  /** Relative path and line starts of a file seen before (no parse). */
  info(absPath: string): ScriptInfo | undefined {
    const known = this.infos.get(absPath);
    if (known) return known;
    return this.get(absPath) ? (this.infos.get(absPath) ?? undefined) : undefined;
  }

  /** Resolves a relative import specifier to a project file (package imports are not followed). */
  resolveModule(fromFile: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.') && !specifier.startsWith('/')) return undefined;
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const found = resolveRelativeImport(fromFile, specifier, (c) => existsSync(c) && statSync(c).isFile()) ?? null;
    this.resolved.set(key, found);
    return found ?? undefined;
  }
}

/**
 * A relative import as Node and bundlers resolve it: the path itself, `.js`
 * written for a `.ts` source, any script extension, or a folder's index file.
 */
export function resolveRelativeImport(fromFile: string, specifier: string, exists: (candidate: string) => boolean): string | undefined {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(?:m|c)?js$/, '');
  const candidates = [base, ...SCRIPT_EXTENSIONS.map((e) => stem + e), ...SCRIPT_EXTENSIONS.map((e) => path.join(base, 'index' + e))];
  return candidates.find((c) => (SCRIPT_EXTENSIONS as readonly string[]).includes(path.extname(c)) && exists(c));
}

/** The initializer of `const name` visible at `from`, walking outward through enclosing scopes. */
export function findConstInitializer(from: ts.Node, name: string): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      // A parameter of that name shadows any outer const: its value is unknown.
      if (scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return undefined;
    }
    const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : undefined;
    if (!statements) continue;
    for (const stmt of statements) {
      const init = constInitializerIn(stmt, name);
      if (init !== undefined) return init ?? undefined;
    }
  }
  return undefined;
}

/** undefined: not declared here; null: declared but not a constant. */
function constInitializerIn(stmt: ts.Statement, name: string): ts.Expression | null | undefined {
  if (!ts.isVariableStatement(stmt)) return undefined;
  for (const decl of stmt.declarationList.declarations) {
    if (ts.isIdentifier(decl.name) && decl.name.text === name) {
      const isConst = (stmt.declarationList.flags & ts.NodeFlags.Const) !== 0;
      return isConst && decl.initializer ? decl.initializer : null;
    }
  }
  return undefined;
}

/** How a name is declared in scope, for loops over helpers and tag origins. */
export function findDeclarationKind(from: ts.Node, name: string): 'const' | 'let' | 'param' | 'import' | 'function' | undefined {
  for (let scope: ts.Node | undefined = from.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return 'param';
    const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : undefined;
    if (!statements) continue;
    for (const stmt of statements) {
      if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === name) return 'function';
      if (ts.isVariableStatement(stmt)) {
        for (const decl of stmt.declarationList.declarations) {
          if (ts.isIdentifier(decl.name) && decl.name.text === name) {
            return (stmt.declarationList.flags & ts.NodeFlags.Const) !== 0 ? 'const' : 'let';
          }
        }
      }
    }
  }
  return undefined;
}

/** An exported constant's initializer, following `export { x }`, re-exports and `export *` (bounded). */
export function findExportedConst(cache: ScriptCache, file: ScriptFile, name: string, depth = 0): { file: ScriptFile; init: ts.Expression } | undefined {
  if (depth > 4) return undefined;
  for (const stmt of file.sourceFile.statements) {
    if (ts.isVariableStatement(stmt)) {
      const init = constInitializerIn(stmt, name);
      if (init) return { file, init };
      if (init === null) return undefined;
    }
    if (ts.isExportDeclaration(stmt) && stmt.moduleSpecifier && ts.isStringLiteral(stmt.moduleSpecifier)) {
      const reexported = !stmt.exportClause || (ts.isNamedExports(stmt.exportClause) && stmt.exportClause.elements.some((e) => e.name.text === name));
      if (!reexported) continue;
      const target = cache.resolveModule(file.path, stmt.moduleSpecifier.text);
      const next = target ? cache.get(target) : undefined;
      if (!next) continue;
      let inner = name;
      if (stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
        const el = stmt.exportClause.elements.find((e) => e.name.text === name);
        inner = (el?.propertyName ?? el?.name)?.text ?? name;
      }
      const found = findExportedConst(cache, next, inner, depth + 1);
      if (found) return found;
    }
  }
  // `const x = ...; export { x as y }`
  for (const stmt of file.sourceFile.statements) {
    if (ts.isExportDeclaration(stmt) && !stmt.moduleSpecifier && stmt.exportClause && ts.isNamedExports(stmt.exportClause)) {
      const el = stmt.exportClause.elements.find((e) => e.name.text === name);
      if (el) {
        const local = (el.propertyName ?? el.name).text;
        for (const s of file.sourceFile.statements) {
          const init = constInitializerIn(s, local);
          if (init) return { file, init };
        }
      }
    }
  }
  return undefined;
}
