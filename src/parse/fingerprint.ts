/**
 * The parser-independent fingerprint: stable across whitespace, comments,
 * literal values, placeholder style, keyword case and IN-list length.
 */
import { createHash } from 'node:crypto';
import type { Dialect } from '../core/types.js';
import { tokenize, type Token } from './lexer.js';

export function fingerprintSql(sql: string, dialect: Dialect = 'postgresql'): string {
  return fingerprintTokens(tokenize(sql, dialect));
}

export function fingerprintTokens(tokens: readonly Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    switch (t.kind) {
      case 'string':
      case 'number':
      case 'param':
        parts.push('?');
        break;
      case 'word':
        parts.push(t.value.toLowerCase());
        break;
      case 'qident':
        parts.push(t.value);
        break;
      default:
        parts.push(t.value);
    }
  }
  while (parts.length > 0 && parts[parts.length - 1] === ';') parts.pop();
  return hash(collapseInLists(parts).join(' '));
}

/** `in ( ? , ? , ? )` → `in ( ? )`, so list length does not change the fingerprint. */
function collapseInLists(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    out.push(parts[i]!);
    if (parts[i] === 'in' && parts[i + 1] === '(' && parts[i + 2] === '?') {
      let j = i + 3;
      while (parts[j] === ',' && parts[j + 1] === '?') j += 2;
      if (parts[j] === ')') {
        out.push('(', '?', ')');
        i = j;
      }
    }
  }
  return out;
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}
