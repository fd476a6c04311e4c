/**
 * Static evaluation of the expressions that build SQL: string and template
 * literals, `+` and template concatenation, `[...].join()`, `.trim()`, `const`
 * bindings in scope, constants imported from project files, enum members,
 * object-literal properties, ternaries (as bounded variants) and nested SQL tags.
 * What cannot be known becomes a marked hole, never a guess.
 */
import { ts } from './typescript.js';
import type { Dialect, HoleKind, HoleRole } from '../core/types.js';
import { type TagDetector, matchesShape } from './detectors.js';
import { EMPTY_PIECE, concatPieces, decodeLiteral, holePiece, syntheticPiece, trimPiece, type SqlPiece } from './piece.js';
import { type ScriptCache, type ScriptFile, findConstInitializer, findDeclarationKind, findExportedConst } from './scripts.js';

export const MAX_VARIANTS = 8;
const MAX_DEPTH = 12;

export interface EvalContext {
  cache: ScriptCache;
  file: ScriptFile;
  dialect: Dialect;
  /** `path:offset` of every literal read, so bare-literal detection skips them. */
  consumed: Set<string>;
  depth: number;
  tagDetectors: readonly TagDetector[];
}

/** The access path of a callee or tag: `this.db.query` → ['this','db','query']; `sql.type(x)` → ['sql','type()']. */
export function accessPath(expr: ts.Expression): string[] | undefined {
  if (ts.isIdentifier(expr)) return [expr.text];
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(expr)) {
    const left = accessPath(expr.expression);
    return left ? [...left, expr.name.text] : [expr.name.text];
  }
  if (ts.isCallExpression(expr)) {
    const inner = accessPath(expr.expression);
    if (!inner) return undefined;
    return [...inner.slice(0, -1), inner[inner.length - 1] + '()'];
  }
  if (ts.isNonNullExpression(expr) || ts.isParenthesizedExpression(expr)) return accessPath(expr.expression);
  if (ts.isExpressionWithTypeArguments(expr)) return accessPath(expr.expression);
  return undefined;
}

export function findTagDetector(tag: ts.Expression, detectors: readonly TagDetector[]): TagDetector | undefined {
  const p = accessPath(tag);
  if (!p) return undefined;
  return detectors.find((d) => matchesShape(d.tag, p));
}

export function placeholderFor(dialect: Dialect): string {
  if (dialect === 'postgresql') return '$1';
  if (dialect === 'transactsql') return '@p1';
  return '?';
}

function unwrap(node: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isSatisfiesExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

function product(lists: SqlPiece[][]): SqlPiece[] {
  let acc: SqlPiece[][] = [[]];
  for (const list of lists) {
    const next: SqlPiece[][] = [];
    for (const prefix of acc) {
      for (const item of list) {
        if (next.length >= MAX_VARIANTS) break;
        next.push([...prefix, item]);
      }
    }
    acc = next;
  }
  return acc.map(concatPieces);
}

function markConsumed(ctx: EvalContext, node: ts.Node): void {
  ctx.consumed.add(`${ctx.file.path}:${node.getStart(ctx.file.sourceFile)}`);
}

function literalPiece(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, ctx: EvalContext): SqlPiece {
  markConsumed(ctx, node);
  const start = node.getStart(ctx.file.sourceFile);
  const raw = ctx.file.text.slice(start + 1, node.end - 1);
  const quote = ts.isNoSubstitutionTemplateLiteral(node) ? 'template' : ctx.file.text[start] === '"' ? 'double' : 'single';
  return decodeLiteral(raw, start + 1, ctx.file.path, quote);
}

/** Raw text of a template part between its delimiters (`\`...${`, `}...${`, `}...\``). */
function templatePartPiece(part: ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail, ctx: EvalContext): SqlPiece {
  const start = part.getStart(ctx.file.sourceFile);
  const closesWithHole = !ts.isTemplateTail(part);
  const raw = ctx.file.text.slice(start + 1, part.end - (closesWithHole ? 2 : 1));
  return decodeLiteral(raw, start + 1, ctx.file.path, 'template');
}

function child(ctx: EvalContext, file = ctx.file): EvalContext | undefined {
  if (ctx.depth >= MAX_DEPTH) return undefined;
  return { ...ctx, file, depth: ctx.depth + 1 };
}

/** Resolves an identifier to the expression that defines it: a const in scope or an imported constant. */
function resolveIdentifier(node: ts.Identifier, ctx: EvalContext): { init: ts.Expression; ctx: EvalContext } | undefined {
  const local = findConstInitializer(node, node.text);
  if (local) {
    const next = child(ctx);
    return next ? { init: local, ctx: next } : undefined;
  }
  const binding = ctx.file.imports.get(node.text);
  if (!binding || binding.name === '*' || binding.name === 'default') return undefined;
  const target = ctx.cache.resolveModule(ctx.file.path, binding.module);
  const targetFile = target ? ctx.cache.get(target) : undefined;
  if (!targetFile) return undefined;
  const found = findExportedConst(ctx.cache, targetFile, binding.name);
  if (!found) return undefined;
  const next = child(ctx, found.file);
  return next ? { init: found.init, ctx: next } : undefined;
}

/** `OBJ.key` on a const object literal, `Enum.Member`, or `ns.CONST` of an imported namespace. */
function resolveProperty(node: ts.PropertyAccessExpression, ctx: EvalContext): { init: ts.Expression; ctx: EvalContext } | undefined {
  const key = node.name.text;
  const target = unwrap(node.expression);
  if (ts.isIdentifier(target)) {
    const binding = ctx.file.imports.get(target.text);
    if (binding?.name === '*') {
      const resolved = ctx.cache.resolveModule(ctx.file.path, binding.module);
      const file = resolved ? ctx.cache.get(resolved) : undefined;
      const found = file ? findExportedConst(ctx.cache, file, key) : undefined;
      const next = found ? child(ctx, found.file) : undefined;
      return found && next ? { init: found.init, ctx: next } : undefined;
    }
    const enumMember = findEnumMember(node, target.text, key);
    if (enumMember) return { init: enumMember, ctx: child(ctx) ?? ctx };
  }
  const holder = ts.isIdentifier(target) ? resolveIdentifier(target, ctx) : undefined;
  if (!holder) return undefined;
  const obj = unwrap(holder.init);
  if (!ts.isObjectLiteralExpression(obj)) return undefined;
  for (const prop of obj.properties) {
    if (ts.isPropertyAssignment(prop) && propertyName(prop.name) === key) return { init: prop.initializer, ctx: holder.ctx };
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function findEnumMember(from: ts.Node, enumName: string, member: string): ts.Expression | undefined {
  const sf = from.getSourceFile();
  for (const stmt of sf.statements) {
    if (ts.isEnumDeclaration(stmt) && stmt.name.text === enumName) {
      const m = stmt.members.find((x) => propertyName(x.name) === member);
      return m?.initializer;
    }
  }
  return undefined;
}

/**
 * The value of a JavaScript expression as SQL text variants, or null when it is
 * not known statically. Template holes that cannot be known become `unknown` holes.
 */
export function evalPlain(node: ts.Expression, ctx: EvalContext): SqlPiece[] | null {
  node = unwrap(node);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [literalPiece(node, ctx)];
  if (ts.isNumericLiteral(node)) return [syntheticPiece(node.text)];
  if (ts.isTemplateExpression(node)) return evalTemplate(node, ctx);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = evalPlain(node.left, ctx) ?? [unknownPiece(node.left, ctx, '')];
    const prefix = left[0]!.text;
    const right = evalPlain(node.right, ctx) ?? [unknownPiece(node.right, ctx, prefix)];
    if (!isStringy(left, node.left) && !isStringy(right, node.right)) return null;
    return product([left, right]);
  }
  if (ts.isConditionalExpression(node)) {
    const a = evalPlain(node.whenTrue, ctx);
    const b = evalPlain(node.whenFalse, ctx);
    if (!a || !b) return null;
    return [...a, ...b].slice(0, MAX_VARIANTS);
  }
  if (ts.isIdentifier(node)) {
    const r = resolveIdentifier(node, ctx);
    if (r) return evalPlain(r.init, r.ctx);
    return evalLetBuilt(node, ctx);
  }
  if (ts.isPropertyAccessExpression(node)) {
    const r = resolveProperty(node, ctx);
    return r ? evalPlain(r.init, r.ctx) : null;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const method = node.expression.name.text;
    const receiver = unwrap(node.expression.expression);
    if (method === 'join' && ts.isArrayLiteralExpression(receiver)) return evalJoin(receiver, node.arguments[0], ctx);
    if (method === 'trim' && node.arguments.length === 0) {
      const inner = evalPlain(receiver, ctx);
      return inner ? inner.map(trimPiece) : null;
    }
    if (method === 'concat' && ts.isStringLiteral(receiver)) {
      return product([[literalPiece(receiver, ctx)], ...node.arguments.map((a) => evalPlain(a, ctx) ?? [unknownPiece(a, ctx, '')])]);
    }
  }
  if (ts.isTaggedTemplateExpression(node)) {
    // String.raw, dedent and friends: take the text, holes unknown.
    const tagPath = accessPath(node.tag);
    const last = tagPath?.[tagPath.length - 1];
    if (last === 'raw' || last === 'dedent' || last === 'outdent' || last === 'stripIndent') {
      return ts.isNoSubstitutionTemplateLiteral(node.template) ? [literalPiece(node.template, ctx)] : evalTemplate(node.template, ctx);
    }
    const detector = findTagDetector(node.tag, ctx.tagDetectors);
    if (detector) return evalTagged(node, ctx);
  }
  return null;
}

/**
 * `let sql = 'SELECT ... WHERE 1=1'; if (x) sql += ' AND ...'; query(sql)`: the
 * initial text, then an unknown clause where run-time appends may follow.
 */
function evalLetBuilt(node: ts.Identifier, ctx: EvalContext): SqlPiece[] | null {
  if (findDeclarationKind(node, node.text) !== 'let') return null;
  const init = findLetInitializer(node);
  if (!init) return null;
  const base = evalPlain(init, ctx);
  if (!base) return null;
  if (!isReassigned(node)) return base;
  const tail = holePiece('', {
    kind: 'fragment',
    role: 'clause',
    file: { start: node.getStart(ctx.file.sourceFile), end: node.end },
    path: ctx.file.path,
    expression: `${node.text} (built up at run time)`,
  });
  return base.map((p) => concatPieces([p, tail]));
}

/** Whether a `let` is assigned again (`x += ...`, `x = ...`) anywhere in its file. */
export function isReassigned(node: ts.Identifier): boolean {
  const text = node.getSourceFile().text;
  const re = new RegExp(`(?<![\\w$.])${node.text.replace(/\$/g, '\\$')}\\s*(?:\\+=|=(?![=>]))`, 'g');
  let count = 0;
  for (const _ of text.matchAll(re)) if (++count > 1) return true;
  return false;
}

function isStringy(values: SqlPiece[], node: ts.Expression): boolean {
  return values.some((v) => v.text.length > 0) || ts.isStringLiteralLike(unwrap(node)) || ts.isTemplateExpression(unwrap(node));
}

function evalJoin(array: ts.ArrayLiteralExpression, sepNode: ts.Expression | undefined, ctx: EvalContext): SqlPiece[] | null {
  let sep: SqlPiece = syntheticPiece(',');
  if (sepNode) {
    const s = evalPlain(sepNode, ctx);
    if (!s || s.length !== 1) return null;
    sep = syntheticPiece(s[0]!.text);
  }
  const items: SqlPiece[][] = [];
  array.elements.forEach((el, i) => {
    if (i > 0) items.push([sep]);
    items.push(evalPlain(el, ctx) ?? [unknownPiece(el, ctx, '')]);
  });
  return product(items);
}

function evalTemplate(node: ts.TemplateExpression, ctx: EvalContext): SqlPiece[] {
  const parts: SqlPiece[][] = [[templatePartPiece(node.head, ctx)]];
  markConsumed(ctx, node);
  let prefix = parts[0]![0]!.text;
  for (const span of node.templateSpans) {
    const value = evalPlain(span.expression, ctx) ?? [unknownPiece(span.expression, ctx, prefix)];
    parts.push(value);
    const lit = templatePartPiece(span.literal, ctx);
    parts.push([lit]);
    prefix += value[0]!.text + lit.text;
  }
  return product(parts);
}

/** Where a hole sits in the SQL grammar, judged from the SQL before it. */
export function holeRole(prefix: string): HoleRole {
  let quotes = 0;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] === "'") quotes++;
  if (quotes % 2 === 1) return 'string';
  const tail = prefix.replace(/\s+$/, '');
  if (tail === '') return 'clause';
  // Names follow FROM/JOIN/INTO..., and in practice ORDER BY/GROUP BY and the select list take columns.
  if (
    /(?:\bfrom|\bjoin|\binto|\bupdate|\btable|\bexists|\bon\s+only|\.|\border\s+by|\bgroup\s+by|\bselect|\bselect\s+distinct|\b(?:database|schema|view|sequence|index|extension|role|trigger|function)|\btruncate)$/i.test(tail) ||
    /\b(?:index|constraint)\s+\S*\s*on$/i.test(tail)
  ) {
    return 'identifier';
  }
  if (
    /(?:[=<>!(,+\-*/%|]|\b(?:in|like|ilike|limit|offset|fetch\s+first|top|then|else|when|and|or|not|between|is|select|by|set|having|where|on|returning|values|case|distinct|interval|any|all|escape))$/i.test(
      tail,
    )
  ) {
    return 'value';
  }
  return 'clause';
}

function holeStandIn(role: HoleRole, expression: string, dialect: Dialect): string {
  switch (role) {
    case 'string':
      return 'x';
    case 'identifier': {
      // Quoted, so a stand-in named like a keyword (`table`, `order`) still parses.
      const names = expression.match(/[A-Za-z_][A-Za-z0-9_]*/g);
      const name = names?.[names.length - 1] ?? 'hole';
      return dialect === 'mysql' || dialect === 'mariadb' || dialect === 'bigquery' ? `\`${name}\`` : `"${name}"`;
    }
    case 'value':
      return placeholderFor(dialect);
    case 'clause':
      return '';
  }
}

/** Calls and shapes whose value cannot carry SQL syntax when pasted into a query. */
const SAFE_CALL = /^(?:Number|parseInt|parseFloat|Math\.\w+|BigInt|Boolean)$|(?:^|\.)(?:escape\w*|format|quote\w*|escapeLiteral|escapeIdentifier|toFixed|toISOString|getTime|valueOf)$/;

export function safeValue(expr: ts.Expression, ctx: EvalContext, depth = 0): string | undefined {
  expr = unwrap(expr);
  if (depth > 4) return undefined;
  if (ts.isNumericLiteral(expr) || expr.kind === ts.SyntaxKind.TrueKeyword || expr.kind === ts.SyntaxKind.FalseKeyword) return 'constant';
  if (ts.isPrefixUnaryExpression(expr) && (expr.operator === ts.SyntaxKind.PlusToken || expr.operator === ts.SyntaxKind.MinusToken)) return 'numeric';
  if (ts.isBinaryExpression(expr) && [ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken].includes(expr.operatorToken.kind)) {
    return safeValue(expr.left, ctx, depth + 1) && safeValue(expr.right, ctx, depth + 1) ? 'numeric' : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'length') return 'numeric';
  if (ts.isCallExpression(expr)) {
    const p = accessPath(expr.expression);
    if (p && SAFE_CALL.test(p.slice(-2).join('.'))) return /escape|format|quote/i.test(p.join('.')) ? 'escaped' : 'numeric';
    if (isPlaceholderList(expr, ctx)) return 'placeholders';
    if (isJoinOfConstantParts(expr, ctx)) return 'built from constant parts';
  }
  if (ts.isConditionalExpression(expr)) {
    const a = evalPlain(expr.whenTrue, ctx);
    const b = evalPlain(expr.whenFalse, ctx);
    if (a && b) return 'constant';
  }
  // Escaping done elsewhere (at start-up, in another module) shows in the name: escapedSchema, quotedTable.
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : undefined;
  if (name && ESCAPED_NAME.test(name)) return 'escaped';
  if (ts.isIdentifier(expr)) {
    const init = findConstInitializer(expr, expr.text);
    if (init) return safeValue(init, ctx, depth + 1);
  }
  return undefined;
}

const ESCAPED_NAME = /^(?:escaped|quoted|sanitized|sanitised)(?:[A-Z_]|$)|(?:Escaped|Quoted|Sanitized|Sanitised)$/;

/**
 * `ids.map((_, i) => `$${i + 1}`).join(', ')`, `Array(n).fill('?').join()`: the
 * string literals inside are placeholders only, so the pasted text is too.
 */
function isPlaceholderList(expr: ts.Expression, _ctx: EvalContext): boolean {
  let literals = 0;
  let ok = true;
  const visit = (n: ts.Node) => {
    if (!ok) return;
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      literals++;
      if (!/^[\s,?$@:()\d]*$/.test(n.text)) ok = false;
      return;
    }
    n.forEachChild(visit);
  };
  visit(expr);
  return ok && literals > 0 && /\.(?:join|repeat)\s*\(/.test(expr.getText());
}

/**
 * `conditions.join(' AND ')` where every `conditions.push(...)` in the file adds
 * SQL text whose only run-time parts are safe values (`'status = $' + (params.length)`,
 * `` `id = $${i}` ``): the usual filter builder, which pastes no input.
 */
function isJoinOfConstantParts(call: ts.CallExpression, ctx: EvalContext): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'join' || !ts.isIdentifier(callee.expression)) return false;
  const name = callee.expression.text;
  const separator = call.arguments[0];
  if (separator && !ts.isStringLiteralLike(separator)) return false;
  let pushes = 0;
  let safe = true;
  const visit = (n: ts.Node): void => {
    if (!safe) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'push' && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === name) {
      pushes++;
      for (const arg of n.arguments) if (!isConstantSqlPart(arg, ctx)) safe = false;
    }
    n.forEachChild(visit);
  };
  visit(ctx.file.sourceFile);
  return safe && pushes > 0;
}

/** Text whose pieces are literals or values that cannot carry SQL (numbers, escaped, placeholders). */
function isConstantSqlPart(expr: ts.Expression, ctx: EvalContext): boolean {
  expr = unwrap(expr);
  if (ts.isStringLiteralLike(expr) || ts.isNumericLiteral(expr)) return true;
  if (ts.isTemplateExpression(expr)) return expr.templateSpans.every((s) => isConstantSqlPart(s.expression, ctx));
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) return isConstantSqlPart(expr.left, ctx) && isConstantSqlPart(expr.right, ctx);
  if (ts.isConditionalExpression(expr)) return isConstantSqlPart(expr.whenTrue, ctx) && isConstantSqlPart(expr.whenFalse, ctx);
  if (ts.isIdentifier(expr) && findConstInitializer(expr, expr.text) && evalPlain(expr, ctx)?.every((p) => p.holes.length === 0)) return true;
  return safeValue(expr, ctx, 3) !== undefined;
}

function unknownPiece(expr: ts.Expression, ctx: EvalContext, prefix: string, kind: HoleKind = 'unknown'): SqlPiece {
  const role = holeRole(prefix);
  const text = expr.getText(ctx.file.sourceFile);
  const safe = kind === 'unknown' ? safeValue(expr, ctx) : undefined;
  return holePiece(holeStandIn(role, text, ctx.dialect), {
    kind,
    role,
    ...(safe ? { safe } : {}),
    file: { start: expr.getStart(ctx.file.sourceFile), end: expr.end },
    path: ctx.file.path,
    expression: text,
  });
}

const IDENTIFIER_HELPERS = /^(?:identifier|ref|id|table|column|name|ident)$/;
const LIST_HELPERS = /^(?:join|array|values|in|list|csv)$/;
const RAW_HELPERS = /^(?:raw|unsafe|literal)$/;

/**
 * A parameterising tag: holes are bound values unless they are SQL pieces
 * themselves (nested tags, join/identifier/raw helpers, empty fragments).
 */
export function evalTagged(node: ts.TaggedTemplateExpression, ctx: EvalContext): SqlPiece[] {
  markConsumed(ctx, node);
  const template = node.template;
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [literalPiece(template, ctx)];
  const parts: SqlPiece[][] = [[templatePartPiece(template.head, ctx)]];
  let prefix = parts[0]![0]!.text;
  for (const span of template.templateSpans) {
    const value = tagHole(span.expression, ctx, prefix);
    parts.push(value);
    const lit = templatePartPiece(span.literal, ctx);
    parts.push([lit]);
    prefix += value[0]!.text + lit.text;
  }
  return product(parts);
}

function tagHole(expr: ts.Expression, ctx: EvalContext, prefix: string): SqlPiece[] {
  const node = unwrap(expr);
  const sub = child(ctx);
  if (sub && ts.isTaggedTemplateExpression(node) && findTagDetector(node.tag, ctx.tagDetectors)) return evalTagged(node, sub);
  if (ts.isConditionalExpression(node)) {
    const a = tagHoleIfSql(node.whenTrue, ctx, prefix);
    const b = tagHoleIfSql(node.whenFalse, ctx, prefix);
    if (a || b) return [...(a ?? [unknownPiece(node.whenTrue, ctx, prefix, 'parameter')]), ...(b ?? [unknownPiece(node.whenFalse, ctx, prefix, 'parameter')])].slice(0, MAX_VARIANTS);
  }
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'empty') return [EMPTY_PIECE];
  if (ts.isIdentifier(node)) {
    const init = findConstInitializer(node, node.text);
    if (init && sub) {
      const composed = tagHoleIfSql(init, sub, prefix);
      if (composed) return composed;
    }
    if (!init && findDeclarationKind(node, node.text) === 'let') {
      // A fragment assembled at run time (`let where = sql``; if (...) where = sql`...`).
      const decl = findLetInitializer(node);
      if (decl && ts.isTaggedTemplateExpression(unwrap(decl)) && findTagDetector((unwrap(decl) as ts.TaggedTemplateExpression).tag, ctx.tagDetectors)) {
        return [unknownPiece(node, ctx, prefix, 'fragment')];
      }
    }
  }
  if (ts.isCallExpression(node)) {
    const p = accessPath(node.expression) ?? [];
    const method = p[p.length - 1] ?? '';
    const arg0 = node.arguments[0];
    if (RAW_HELPERS.test(method) && p.length > 1) {
      const constant = arg0 ? evalPlain(arg0, ctx) : null;
      if (constant && !constant.some((c) => c.holes.some((h) => h.kind === 'unknown'))) return constant;
      return [unknownPiece(arg0 ?? node, ctx, prefix)];
    }
    if (IDENTIFIER_HELPERS.test(method) && p.length > 1) return [identifierPiece(node, arg0, ctx)];
    if (LIST_HELPERS.test(method) && p.length > 1) return [unknownPiece(node, ctx, prefix, 'parameter')];
    if (p.length === 1 && p[0] === 'sql' && arg0) {
      // postgres.js `sql(name)` / `sql(rows, 'a', 'b')` helpers: identifiers or value lists.
      const role = holeRole(prefix);
      return role === 'identifier' ? [identifierPiece(node, arg0, ctx)] : [unknownPiece(node, ctx, prefix, 'parameter')];
    }
  }
  if (isTableObjectReference(node, ctx)) return [identifierPiece(node, undefined, ctx, node.getText(ctx.file.sourceFile))];
  const role = holeRole(prefix);
  if (role === 'identifier') return [identifierPiece(node, undefined, ctx)];
  // At the very start of a piece (drizzle `sql`${a} = ${b}``) a hole is a value.
  return [unknownPiece(expr, ctx, prefix.trim() === '' ? '=' : prefix, 'parameter')];
}

/**
 * drizzle-style schema objects: `users` or `users.email` where `users` is a
 * const built by pgTable()/mysqlTable()/sqliteTable(), here or in an imported file.
 * They render as identifiers, not bound values.
 */
function isTableObjectReference(node: ts.Expression, ctx: EvalContext): boolean {
  let root: ts.Expression = node;
  let depth = 0;
  while (ts.isPropertyAccessExpression(root) && depth++ < 2) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  let init = findConstInitializer(root, root.text);
  if (!init) {
    const binding = ctx.file.imports.get(root.text);
    if (!binding || binding.name === '*' || binding.name === 'default') return false;
    const target = ctx.cache.resolveModule(ctx.file.path, binding.module);
    const file = target ? ctx.cache.get(target) : undefined;
    init = file ? findExportedConst(ctx.cache, file, binding.name)?.init : undefined;
  }
  if (!init || !ts.isCallExpression(unwrap(init))) return false;
  const callee = accessPath((unwrap(init) as ts.CallExpression).expression);
  return callee !== undefined && /(?:^|[a-z])Table$|^table$/.test(callee[callee.length - 1]!);
}

function findLetInitializer(node: ts.Identifier): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = node.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const stmt of scope.statements) {
      if (!ts.isVariableStatement(stmt)) continue;
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === node.text) return d.initializer;
    }
  }
  return undefined;
}

function tagHoleIfSql(expr: ts.Expression, ctx: EvalContext, prefix: string): SqlPiece[] | undefined {
  const node = unwrap(expr);
  if (ts.isTaggedTemplateExpression(node) && findTagDetector(node.tag, ctx.tagDetectors)) return evalTagged(node, ctx);
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'empty') return [EMPTY_PIECE];
  if (ts.isStringLiteral(node) && node.text === '') return [EMPTY_PIECE];
  if (ts.isConditionalExpression(node)) {
    const a = tagHoleIfSql(node.whenTrue, ctx, prefix);
    const b = tagHoleIfSql(node.whenFalse, ctx, prefix);
    if (a && b) return [...a, ...b].slice(0, MAX_VARIANTS);
  }
  return undefined;
}

function identifierPiece(node: ts.Expression, arg: ts.Expression | undefined, ctx: EvalContext, qualified?: string): SqlPiece {
  const text = node.getText(ctx.file.sourceFile);
  let standIn: string | undefined = qualified && /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(qualified) ? qualified : undefined;
  if (arg) {
    const value = ts.isArrayLiteralExpression(arg)
      ? arg.elements.map((e) => evalPlain(e, ctx)?.[0]?.text)
      : [evalPlain(arg, ctx)?.[0]?.text];
    if (value.every((v) => v && /^[A-Za-z_][\w$]*$/.test(v))) standIn = value.join('.');
  }
  return holePiece(standIn ?? holeStandIn('identifier', arg?.getText(ctx.file.sourceFile) ?? text, ctx.dialect), {
    kind: 'identifier',
    role: 'identifier',
    file: { start: node.getStart(ctx.file.sourceFile), end: node.end },
    path: ctx.file.path,
    expression: text,
  });
}
