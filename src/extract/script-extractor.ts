/**
 * Finds SQL in one TypeScript/JavaScript file: calls and tagged templates that
 * match the detector table, plus bare SQL-shaped literals (kept as candidates
 * until every file has been seen). Also records which named functions run
 * queries and which calls sit in loops, for N+1 detection across files.
 */
import { ts } from './typescript.js';
import type { Dialect, FragmentContext, FragmentOrigin, LoopContext, Range, SqlFragment } from '../core/types.js';
import { type CallDetector, type Detector, type TagDetector, MODULE_LIBRARIES, LIBRARY_DIALECTS, matchesShape } from './detectors.js';
import { type EvalContext, accessPath, evalPlain, evalTagged, findTagDetector, isReassigned } from './evaluate.js';
import { loopContextOf } from './loops.js';
import { parameterEdits } from './named-params.js';
import { type SqlPiece, applyEdits, concatPieces, finishPiece, slicePiece } from './piece.js';
import { type ProjectFacts, dialectOfLibraries } from './project.js';
import { type ScriptCache, type ScriptFile, findConstInitializer } from './scripts.js';
import { looksLikeCondition, looksLikeStandaloneSql, looksLikeStatement } from './shape.js';

export interface DialectChoice {
  dialect: Dialect;
  source: SqlFragment['dialectSource'];
}

export interface ExtractOptions {
  detectors: readonly Detector[];
  /** Dialect forced by config or CLI for this file, if any. */
  dialectFor: (file: string) => DialectChoice | undefined;
  projectFacts: (file: string) => ProjectFacts;
}

/** A function or method whose body sends SQL; calls to it inside loops are N+1. */
export interface QueryFunction {
  name: string;
  file: string;
  site: Range;
}

/** A call inside a loop to something that may be a query function. */
export interface LoopCallCandidate {
  file: string;
  name: string;
  member: boolean;
  /** Absolute path of the module an identifier callee was imported from. */
  importedFrom?: string;
  site: Range;
  api: string;
  loop: LoopContext;
}

export interface ScriptExtraction {
  fragments: SqlFragment[];
  candidates: SqlFragment[];
  queryFunctions: QueryFunction[];
  loopCalls: LoopCallCandidate[];
  /** ORM calls (no SQL text) found inside loops. */
  ormCallsInLoops: { site: Range; api: string; loop: LoopContext }[];
}

const EVERYDAY_METHODS = new Set([
  'push', 'pop', 'shift', 'unshift', 'map', 'filter', 'forEach', 'reduce', 'some', 'every', 'find', 'includes', 'indexOf', 'join', 'split',
  'slice', 'splice', 'concat', 'set', 'get', 'has', 'add', 'delete', 'keys', 'values', 'entries', 'toString', 'trim', 'replace',
  'toLowerCase', 'toUpperCase', 'startsWith', 'endsWith', 'log', 'info', 'warn', 'error', 'debug', 'then', 'catch', 'finally',
  'resolve', 'reject', 'emit', 'on', 'once', 'write', 'end', 'send', 'json', 'status', 'parse', 'stringify', 'assign', 'floor', 'max', 'min',
  'round', 'random', 'abs', 'now', 'toFixed', 'test', 'match', 'matchAll', 'exec', 'call', 'apply', 'bind', 'sort', 'reverse', 'flat', 'flatMap', 'fill',
]);
const LOGGING_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'verbose', 'assert']);
const STATEMENT_START = /^[\s(]*(?:select|with|insert|update|delete|create|alter|drop|truncate|replace|merge)\b/i;
const PRISMA_ORM_OPS = new Set(['findMany', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'count', 'aggregate', 'groupBy']);
const REPOSITORY_OPS = new Set(['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findBy', 'findByPk', 'findAll', 'findAndCountAll', 'findAndCount', 'findByIds', 'countBy', 'findOrCreate']);

export function extractScript(file: ScriptFile, cache: ScriptCache, consumed: Set<string>, options: ExtractOptions): ScriptExtraction {
  const sf = file.sourceFile;
  const callDetectors = callDetectorIndex(options.detectors);
  const tagDetectors = options.detectors.filter((d): d is TagDetector => d.kind === 'tag');
  const facts = options.projectFacts(file.path);
  const fileLibraries = [...file.imports.values()].map((b) => libraryOfModule(b.module)).filter((l): l is string => l !== undefined);
  const out: ScriptExtraction = { fragments: [], candidates: [], queryFunctions: [], loopCalls: [], ormCallsInLoops: [] };
  const queryFunctionKeys = new Set<string>();

  const baseContext = (dialect: Dialect): EvalContext => ({ cache, file, dialect, consumed, depth: 0, tagDetectors });
  const keyOf = (node: ts.Node) => `${file.path}:${node.getStart(sf)}`;

  const chooseDialect = (library: string): DialectChoice => {
    const forced = options.dialectFor(file.path);
    if (forced) return forced;
    if (library === 'prisma' && facts.prismaProvider) return { dialect: facts.prismaProvider, source: 'prisma-schema' };
    const own = LIBRARY_DIALECTS[library];
    if (own) return { dialect: own, source: 'library' };
    const fromImports = dialectOfLibraries(fileLibraries);
    if (fromImports) return { dialect: fromImports, source: 'library' };
    if (facts.prismaProvider && fileLibraries.includes('prisma')) return { dialect: facts.prismaProvider, source: 'prisma-schema' };
    const fromProject = dialectOfLibraries(facts.libraries) ?? (facts.prismaProvider && facts.libraries.includes('prisma') ? facts.prismaProvider : undefined);
    if (fromProject) return { dialect: fromProject, source: 'library' };
    return { dialect: 'postgresql', source: 'default' };
  };

  /** Generic rows (driver, sqlite, sql-tag) name the library the file or project actually uses. */
  const refineLibrary = (library: string, root?: string): string => {
    if (root) {
      const binding = file.imports.get(root);
      const fromImport = binding ? libraryOfModule(binding.module) ?? libraryBehindProjectModule(binding.module) : undefined;
      if (fromImport) return fromImport;
      const init = findConstInitializer(sf, root);
      if (init && ts.isCallExpression(init)) {
        const callee = accessPath(init.expression)?.[0];
        const b = callee ? file.imports.get(callee) : undefined;
        const lib = b ? libraryOfModule(b.module) : undefined;
        if (lib) return lib;
      }
    }
    if (library !== 'driver' && library !== 'sql-tag' && library !== 'sqlite') return library;
    const known = [...fileLibraries, ...facts.libraries];
    const preferred = library === 'sqlite' ? known.find((l) => LIBRARY_DIALECTS[l] === 'sqlite') : undefined;
    return preferred ?? known.find((l) => l !== 'knex' || library === 'driver') ?? (library === 'sql-tag' ? 'sql-tag' : 'unknown');
  };

  /** `import { pool } from './db'`: the library that ./db itself imports. */
  const libraryBehindProjectModule = (module: string): string | undefined => {
    const target = cache.resolveModule(file.path, module);
    const script = target ? cache.get(target) : undefined;
    if (!script) return undefined;
    for (const b of script.imports.values()) {
      const lib = libraryOfModule(b.module);
      if (lib) return lib;
    }
    return undefined;
  };

  const emit = (
    target: SqlFragment[],
    pieces: SqlPiece[],
    meta: { library: string; api: string; origin: FragmentOrigin; parameterises: boolean; context: FragmentContext; site: ts.Node; start: ts.Node },
    choice: DialectChoice,
    loop: LoopContext | undefined,
  ) => {
    pieces.forEach((raw, variant) => {
      const piece = renumberPlaceholders(applyEdits(raw, parameterEdits(raw.text, choice.dialect, meta.library)), choice.dialect);
      const { segments, holes, files } = finishPiece(piece, file.path);
      const sources = files.map((f) => {
        const script = f === file.path ? file : cache.info(f);
        return { file: script?.relativePath ?? f, lineStarts: script?.lineStarts ?? [0] };
      });
      target.push({
        file: file.relativePath,
        sql: piece.text,
        dialect: choice.dialect,
        dialectSource: choice.source,
        library: meta.library,
        api: meta.api,
        origin: meta.origin,
        parameterises: meta.parameterises,
        holes,
        segments,
        site: { start: meta.site.getStart(sf), end: meta.site.end },
        start: { start: meta.start.getStart(sf), end: meta.start.end },
        ...(loop ? { loop } : {}),
        variant,
        variants: pieces.length,
        partial: holes.some((h) => h.kind === 'unknown' || h.kind === 'fragment' || h.role === 'clause'),
        sources,
        context: meta.context,
      });
    });
  };

  const recordQueryFunction = (node: ts.Node) => {
    const fn = enclosingNamedFunction(node);
    if (!fn) return;
    const key = `${fn.name}:${fn.site.start}`;
    if (queryFunctionKeys.has(key)) return;
    queryFunctionKeys.add(key);
    out.queryFunctions.push({ name: fn.name, file: file.path, site: fn.site });
  };

  const handleTag = (node: ts.TaggedTemplateExpression): void => {
    if (consumed.has(keyOf(node))) return;
    const detector = findTagDetector(node.tag, tagDetectors);
    if (!detector) return;
    const root = accessPath(node.tag)?.[0];
    const library = refineLibrary(detector.library, root);
    const choice = chooseDialect(detector.dialect ? libraryForDialect(detector.dialect, library) : library);
    // Only a tag that reads as a whole statement is sent as one; pieces wait to be composed.
    const probe = ts.isNoSubstitutionTemplateLiteral(node.template) ? node.template.text : node.template.head.text;
    const context: FragmentContext | undefined = STATEMENT_START.test(probe) ? 'statement' : builderClauseOf(node);
    if (!context) return;
    const pieces = evalTagged(node, baseContext(choice.dialect)).filter((p) => (context === 'statement' ? looksLikeStatement(p.text) : p.text.trim().length > 0));
    if (pieces.length === 0) return;
    const loop = loopContextOf(node, sf);
    emit(out.fragments, pieces, {
      library,
      api: accessPath(node.tag)?.join('.') ?? 'sql',
      origin: 'tag',
      parameterises: detector.parameterises,
      context,
      site: node,
      start: node.template,
    }, choice, loop);
    recordQueryFunction(node);
  };

  const handleCall = (node: ts.CallExpression): void => {
    // Most calls are builtins (push, map, then ...): decide from the method name before building a path.
    const callee = node.expression;
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (method === undefined) return;
    const rows = callDetectors.get(method);
    if (!rows && ts.isPropertyAccessExpression(callee) && EVERYDAY_METHODS.has(method)) return;
    const path = accessPath(callee);
    if (!path) return;
    const detector = rows?.find((d) => matchesShape(d.callee, path));
    if (!detector) {
      handleOtherCall(node, path);
      return;
    }
    let arg = node.arguments[detector.arg];
    if (!arg) return;
    arg = unwrapExpression(arg);
    if (ts.isObjectLiteralExpression(arg) && detector.objectKeys) {
      const prop = arg.properties.find(
        (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && detector.objectKeys!.includes(p.name.text),
      );
      if (!prop) return;
      arg = unwrapExpression(prop.initializer);
    }
    if (isSqlTag(arg, tagDetectors) || (ts.isIdentifier(arg) && isSqlTag(findConstInitializer(arg, arg.text), tagDetectors))) {
      // The tag reports itself; the call only tells us the query runs here.
      recordQueryFunction(node);
      return;
    }
    const library = refineLibrary(detector.library, path.length > 1 ? path[0] : undefined);
    const choice = chooseDialect(detector.dialect ? libraryForDialect(detector.dialect, library) : library);
    const pieces = evalPlain(arg, baseContext(choice.dialect));
    if (!pieces) {
      if (!detector.requireSqlShape) recordQueryFunction(node);
      return;
    }
    const context = detector.context ?? 'statement';
    const accepted = detector.requireSqlShape
      ? pieces.filter((p) => (context === 'statement' ? looksLikeStatement(p.text) : context === 'condition' ? looksLikeCondition(p.text) : p.text.trim().length > 0))
      : pieces.filter((p) => p.text.trim().length > 0);
    if (accepted.length === 0) return;
    // A template or concatenation sent to a call has its holes pasted into the text.
    emit(out.fragments, accepted, {
      library,
      api: path.join('.'),
      origin: 'call',
      parameterises: false,
      context,
      site: node,
      start: arg,
    }, choice, loopContextOf(node, sf));
    recordQueryFunction(node);
  };

  const handleOtherCall = (node: ts.CallExpression, path: string[]): void => {
    const method = path[path.length - 1]!;
    const isOrm =
      (path.length >= 3 && PRISMA_ORM_OPS.has(method) && /prisma|^db$|^tx$|^client$/i.test(path[path.length - 3]!)) ||
      (path.length >= 2 && REPOSITORY_OPS.has(method) && /(?:repo|repository)$|^[A-Z]\w*$/i.test(path[path.length - 2]!) && /^[A-Z]|repo/i.test(path[path.length - 2]!));
    // Builtins (push, map, set, log ...) are never project query helpers: skip the loop search for them.
    if (!isOrm && path.length > 1 && EVERYDAY_METHODS.has(method)) return;
    const loop = loopContextOf(node, sf);
    if (isOrm) {
      recordQueryFunction(node);
      if (loop) out.ormCallsInLoops.push({ site: { start: node.getStart(sf), end: node.end }, api: path.join('.'), loop });
      return;
    }
    if (!loop) return;
    const callee = unwrapExpression(node.expression);
    const member = !ts.isIdentifier(callee);
    let importedFrom: string | undefined;
    if (!member) {
      const binding = file.imports.get(method);
      if (binding) importedFrom = cache.resolveModule(file.path, binding.module);
    }
    out.loopCalls.push({
      file: file.path,
      name: method,
      member,
      ...(importedFrom ? { importedFrom } : {}),
      site: { start: node.getStart(sf), end: node.end },
      api: path.join('.'),
      loop,
    });
  };

  const handleCandidate = (node: ts.Expression): void => {
    const first = leftmostText(node);
    if (first === undefined || !STATEMENT_START.test(first)) return;
    if (consumed.has(keyOf(node)) || isExcludedLiteralParent(node)) return;
    // The start of a string built up at run time is not a query by itself.
    if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) && (node.parent.parent.flags & ts.NodeFlags.Const) === 0 && isReassigned(node.parent.name)) return;
    const choice = chooseDialect('unknown');
    const local = new Set<string>();
    const pieces = evalPlain(node, { ...baseContext(choice.dialect), consumed: local });
    if (!pieces) return;
    const accepted = pieces.filter((p) => looksLikeStandaloneSql(p.text));
    if (accepted.length === 0) return;
    emit(out.candidates, accepted, {
      library: 'unknown',
      api: '',
      origin: ts.isVariableDeclaration(node.parent) ? 'constant' : 'string-literal',
      parameterises: false,
      context: 'statement',
      site: node,
      start: node,
    }, choice, undefined);
  };

  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.TaggedTemplateExpression:
        handleTag(node as ts.TaggedTemplateExpression);
        break;
      case ts.SyntaxKind.CallExpression:
        handleCall(node as ts.CallExpression);
        break;
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateExpression:
      case ts.SyntaxKind.BinaryExpression:
        if (isStringRoot(node)) handleCandidate(node as ts.Expression);
        break;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Call rows by method name, so each call costs one map lookup, not a scan of the table. */
const indexCache = new WeakMap<readonly Detector[], Map<string, CallDetector[]>>();
function callDetectorIndex(detectors: readonly Detector[]): Map<string, CallDetector[]> {
  let index = indexCache.get(detectors);
  if (!index) {
    index = new Map();
    for (const d of detectors) {
      if (d.kind !== 'call') continue;
      const method = d.callee.split('.').pop()!;
      index.set(method, [...(index.get(method) ?? []), d]);
    }
    indexCache.set(detectors, index);
  }
  return index;
}

const BUILDER_CLAUSES: Record<string, FragmentContext> = {
  where: 'condition',
  andWhere: 'condition',
  orWhere: 'condition',
  having: 'condition',
  on: 'condition',
  orderBy: 'order-by',
  groupBy: 'group-by',
};

/** A SQL tag handed to a query builder clause (drizzle/kysely `.where(sql`...`)`). */
function builderClauseOf(node: ts.TaggedTemplateExpression): FragmentContext | undefined {
  const call = node.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(node)) return undefined;
  const path = accessPath(call.expression);
  return path && path.length > 1 ? BUILDER_CLAUSES[path[path.length - 1]!] : undefined;
}

function unwrapExpression(node: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
  return node;
}

function isSqlTag(node: ts.Expression | undefined, detectors: readonly TagDetector[]): boolean {
  if (!node) return false;
  const n = unwrapExpression(node);
  return ts.isTaggedTemplateExpression(n) && findTagDetector(n.tag, detectors) !== undefined;
}

export function libraryOfModule(module: string): string | undefined {
  if (MODULE_LIBRARIES[module]) return MODULE_LIBRARIES[module];
  const scoped = module.startsWith('@') ? module.split('/').slice(0, 2).join('/') : module.split('/')[0]!;
  return MODULE_LIBRARIES[scoped];
}

/** A row pinned to a dialect keeps its library name but speaks that dialect. */
function libraryForDialect(dialect: Dialect, library: string): string {
  return LIBRARY_DIALECTS[library] === dialect ? library : Object.keys(LIBRARY_DIALECTS).find((l) => LIBRARY_DIALECTS[l] === dialect) ?? library;
}

function isStringRoot(node: ts.Node): boolean {
  if (!(ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken))) {
    return false;
  }
  const p = node.parent;
  if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.PlusToken) return false;
  if (ts.isTemplateSpan(p) || ts.isTaggedTemplateExpression(p)) return false;
  return true;
}

/** Literals in places that never hold SQL: imports, types, keys, log and error messages. */
function isExcludedLiteralParent(node: ts.Expression): boolean {
  const p = node.parent;
  if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isExternalModuleReference(p) || ts.isLiteralTypeNode(p)) return true;
  if (ts.isPropertyAssignment(p) && p.name === node) return true;
  if (ts.isElementAccessExpression(p) || ts.isCaseClause(p)) return true;
  if (ts.isNewExpression(p)) return true;
  if (ts.isThrowStatement(p)) return true;
  if (ts.isCallExpression(p)) {
    const path = accessPath(p.expression);
    const last = path?.[path.length - 1];
    if (last && (LOGGING_METHODS.has(last) || last === 'require' || path?.[0] === 'console')) return true;
    if (p.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
  }
  if (ts.isJsxAttribute(p) || ts.isJsxExpression(p)) return true;
  return false;
}

function leftmostText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isBinaryExpression(node)) return leftmostText(node.left);
  if (ts.isParenthesizedExpression(node)) return leftmostText(node.expression);
  return undefined;
}

/** The named function, method or function-valued const that encloses a node. */
function enclosingNamedFunction(node: ts.Node): { name: string; site: Range } | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p)) {
      if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) return { name: p.name.text, site: { start: p.name.getStart(), end: p.name.end } };
      return undefined;
    }
    if (ts.isArrowFunction(p) || ts.isFunctionExpression(p)) {
      const holder = p.parent;
      if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return { name: holder.name.text, site: { start: holder.name.getStart(), end: holder.name.end } };
      if ((ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && ts.isIdentifier(holder.name)) {
        return { name: holder.name.text, site: { start: holder.name.getStart(), end: holder.name.end } };
      }
      // An anonymous callback: keep looking outward (a callback inside a named helper still makes it query).
    }
  }
  return undefined;
}

/** `$1` stand-ins of holes numbered in order of appearance, after the text's own `$n`, for readable output. */
function renumberPlaceholders(piece: SqlPiece, dialect: Dialect): SqlPiece {
  if (dialect !== 'postgresql' || piece.holes.length === 0) return piece;
  const inHole = (at: number) => piece.holes.some((h) => at >= h.sql.start && at < h.sql.end);
  let next = Math.max(0, ...[...piece.text.matchAll(/\$(\d+)/g)].filter((m) => !inHole(m.index!)).map((m) => Number(m[1])));
  const parts: SqlPiece[] = [];
  let at = 0;
  for (const hole of [...piece.holes].sort((a, b) => a.sql.start - b.sql.start)) {
    if (piece.text.slice(hole.sql.start, hole.sql.end) !== '$1' || hole.role !== 'value') continue;
    next++;
    parts.push(slicePiece(piece, at, hole.sql.start));
    const standIn = `$${next}`;
    parts.push({ text: standIn, segments: [], holes: [{ ...hole, sql: { start: 0, end: standIn.length } }] });
    at = hole.sql.end;
  }
  if (parts.length === 0) return piece;
  parts.push(slicePiece(piece, at, piece.text.length));
  return concatPieces(parts);
}
