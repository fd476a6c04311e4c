import type { Range } from '../core/types.js';
import { tokenize } from './lexer.js';

const MODIFIERS = new Set([
  'OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'RECURSIVE', 'TRUSTED', 'PROCEDURAL',
  'UNIQUE', 'IF', 'NOT', 'EXISTS', 'CONSTRAINT', 'SQL', 'SECURITY', 'DEFINER', 'INVOKER',
]);
const TWO_WORD_OBJECTS = new Set(['MATERIALIZED', 'FOREIGN', 'EVENT', 'ACCESS', 'TEXT', 'OPERATOR', 'USER', 'DEFAULT']);

/** Upper-cased leading keywords of a statement: "BEGIN", "SET", "CREATE VIEW", "CREATE MATERIALIZED VIEW". */
export function leadingKeyword(sql: string, span: Range): string {
  const head = sql.slice(span.start, Math.min(span.end, span.start + 160));
  const words: string[] = [];
  for (const t of tokenize(head, 'postgresql')) {
    if (t.kind !== 'word') break;
    words.push(t.value);
    if (words.length >= 8) break;
  }
  const first = words[0] ?? '';
  if (first === 'CREATE' || first === 'ALTER' || first === 'DROP') {
    let i = 1;
    while (i < words.length && MODIFIERS.has(words[i]!)) i++;
    const obj = words[i];
    if (!obj) return first;
    if (TWO_WORD_OBJECTS.has(obj) && words[i + 1]) return `${first} ${obj} ${words[i + 1]}`;
    return `${first} ${obj}`;
  }
  if (first === 'START' && words[1] === 'TRANSACTION') return 'START TRANSACTION';
  return first;
}
