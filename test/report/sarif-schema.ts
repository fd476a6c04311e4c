/**
 * The official SARIF 2.1.0 JSON schema and a small validator for it. The schema is
 * not a separate file in @microsoft/sarif-multitool: it is embedded (as JSON text,
 * length-prefixed) in the platform binary, so it is read from there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Path of the multitool binary for this platform, or a reason it is missing. */
export function multitoolBinary(): { path?: string; reason?: string } {
  try {
    const bin = require('@microsoft/sarif-multitool') as string;
    if (!existsSync(bin)) return { reason: `@microsoft/sarif-multitool binary not found at ${bin}` };
    return { path: bin };
  } catch (error) {
    return { reason: `@microsoft/sarif-multitool is not installed for ${process.platform}: ${(error as Error).message}` };
  }
}

const TITLE = Buffer.from('"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"');

export function embeddedSarifSchema(binary: string): { schema?: Record<string, unknown>; reason?: string } {
  const data = readFileSync(binary);
  const at = data.indexOf(TITLE);
  if (at < 0) return { reason: 'the SARIF 2.1.0 schema is not embedded in this multitool build' };
  const start = data.lastIndexOf(Buffer.from('{'), at);
  const length = data.readUInt32LE(start - 4);
  try {
    return { schema: JSON.parse(data.subarray(start, start + length).toString('utf8')) as Record<string, unknown> };
  } catch (error) {
    return { reason: `embedded schema does not parse: ${(error as Error).message}` };
  }
}

type Schema = Record<string, unknown> | boolean;

/** Validates `value` against a draft-07/2020-12 schema using the keywords the SARIF schema uses. */
export function validateSchema(root: Record<string, unknown>, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref} not supported`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    return node as Schema;
  };
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
  const check = (schema: Schema, v: unknown, at: string, out: string[]): void => {
    if (schema === true) return;
    if (schema === false) return void out.push(`${at}: not allowed`);
    if (typeof schema.$ref === 'string') check(resolve(schema.$ref), v, at, out);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      const t = typeOf(v);
      if (!types.some((x) => x === t || (x === 'number' && t === 'integer'))) out.push(`${at}: expected ${types.join('|')}, got ${t}`);
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) out.push(`${at}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) out.push(`${at}: ${v} < minimum ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && v > schema.maximum) out.push(`${at}: ${v} > maximum ${schema.maximum}`);
    }
    if (typeof v === 'string') {
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) out.push(`${at}: does not match ${schema.pattern}`);
      if (schema.format === 'uri' && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) out.push(`${at}: not an absolute URI`);
      if ((schema.format === 'uri' || schema.format === 'uri-reference') && /[\s<>"{}|\\^`]/.test(v)) out.push(`${at}: not a valid URI reference`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) out.push(`${at}: fewer than ${schema.minItems} items`);
      if (schema.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) out.push(`${at}: items are not unique`);
      if (schema.items !== undefined) v.forEach((x, i) => check(schema.items as Schema, x, `${at}[${i}]`, out));
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) out.push(`${at}: missing required property ${r}`);
      for (const [k, x] of Object.entries(obj)) {
        if (k in props) check(props[k]!, x, `${at}.${k}`, out);
        else if (schema.additionalProperties === false) out.push(`${at}: property ${k} is not allowed`);
        else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties as Schema, x, `${at}.${k}`, out);
      }
    }
    if (Array.isArray(schema.anyOf)) {
      const ok = (schema.anyOf as Schema[]).some((s) => {
        const sub: string[] = [];
        check(s, v, at, sub);
        return sub.length === 0;
      });
      if (!ok) out.push(`${at}: matches none of anyOf`);
    }
    if (Array.isArray(schema.oneOf)) {
      const n = (schema.oneOf as Schema[]).filter((s) => {
        const sub: string[] = [];
        check(s, v, at, sub);
        return sub.length === 0;
      }).length;
      if (n !== 1) out.push(`${at}: matches ${n} of oneOf (exactly one required)`);
    }
  };
  check(root, value, '$', errors);
  return errors;
}
