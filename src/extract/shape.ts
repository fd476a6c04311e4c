/**
 * Cheap text checks that decide whether a string is SQL before any parser runs.
 * They guard generic call shapes (`*.query`, `*.get`) and bare string literals,
 * where prose such as "Select a file" or "update from server" must not pass.
 */

const LEADING_NOISE = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*/;

/** Statement openers with the structure each must show to count as SQL. */
const STATEMENT_SHAPES: readonly RegExp[] = [
  /^select\s+(?!from\b)(?:distinct\s+|all\s+|top\s+\d+\s+)?[\s\S]+?\s+from\s+[\w"`[\]$.]+/i,
  /^select\s+(?!from\b)(?:\*|[\w"`.()$:?',\s*+-]+)\s*(?:;|\s*$|\s+(?:where|union|limit|order|group|for|as)\b)/i,
  /^with\s+(?:recursive\s+)?[\w"`]+\s*(?:\([^)]*\)\s*)?as\s*(?:(?:not\s+)?materialized\s*)?\(/i,
  /^insert\s+(?:ignore\s+|or\s+\w+\s+)?into\s+[\w"`[\].$]+/i,
  /^replace\s+into\s+[\w"`[\].$]+/i,
  /^update\s+(?:only\s+)?[\w"`[\].$]+(?:\s+(?:as\s+)?\w+)?\s+set\s+[\w"`[\].]+\s*=/i,
  /^update\s+[\w"`[\].$]+(?:\s+\w+)?(?:\s+(?:inner\s+|left\s+)?join\s+[\s\S]+?)?\s+set\s+[\s\S]+=/i,
  /^delete\s+(?:\w+\s+)?from\s+[\w"`[\].$]+/i,
  /^create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+|unlogged\s+)?(?:table|view|materialized\s+view|(?:unique\s+)?index|schema|database|sequence|type|extension|trigger|function|procedure)\b/i,
  /^alter\s+(?:table|index|view|sequence|schema|database|type)\s+/i,
  /^drop\s+(?:table|index|view|materialized\s+view|schema|database|sequence|type|extension|trigger|function|procedure|column)\s+/i,
  /^truncate\s+(?:table\s+)?[\w"`[\].$]+/i,
  /^merge\s+into\s+/i,
  /^explain\s+(?:analyze\s+|\([^)]*\)\s*)?(?:select|insert|update|delete|with)\b/i,
  /^values\s*\(/i,
  /^pragma\s+\w+/i,
];

/** English words that never appear bare in SQL but fill UI text and messages. */
const PROSE_WORDS = /\b(?:the|a|an|your|my|our|you|we|please|here|below|above|this|these|those|click|successfully|complete|completed|failed|could|should|would|will|cannot|can't)\b/i;

function stripLeading(text: string): string {
  return text.replace(LEADING_NOISE, '');
}

/** True when the text opens like a SQL statement, with the structure that statement needs. */
export function looksLikeStatement(text: string): boolean {
  const body = stripLeading(text);
  if (body.length < 6) return false;
  return STATEMENT_SHAPES.some((re) => re.test(body));
}

/**
 * Stricter test for literals that reach no known database API: the statement
 * shape must hold and the text must not read like a sentence.
 */
export function looksLikeStandaloneSql(text: string): boolean {
  if (!looksLikeStatement(text)) return false;
  const outsideQuotes = text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`/g, ' ');
  if (PROSE_WORDS.test(outsideQuotes.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' '))) {
    // A sentence-like word is allowed only when strong SQL structure is present too.
    return /\b(?:where|join|values|group\s+by|order\s+by|limit|returning|set)\b|[=*]|\$\d|[=(,]\s*\?|\w\.\w/i.test(outsideQuotes);
  }
  return true;
}

/** A condition such as TypeORM's `.where('user.email = :email')`. */
export function looksLikeCondition(text: string): boolean {
  const body = text.trim();
  if (body.length < 3) return false;
  return /(?:<>|!=|<=|>=|[=<>])|\b(?:like|ilike|in|is|between|exists|not)\b/i.test(body) && !/[.!?]\s*$/.test(body.replace(/\?\s*\)?\s*$/, ''));
}

/**
 * The per-file prefilter: a file is parsed only when its text shows a SQL
 * statement's structure (not just a word such as "select" or "update" in UI
 * text) or a call that takes SQL.
 */
export const SQL_KEYWORD_PREFILTER = new RegExp(
  [
    String.raw`\bselect\s[\s\S]{0,400}?\bfrom\b`,
    String.raw`\bselect\s+(?:\d|now\(|count\(|1\b|exists\b)`,
    String.raw`\binsert\s+(?:ignore\s+|or\s+\w+\s+)?into\b`,
    String.raw`\breplace\s+into\b`,
    String.raw`\bupdate\s+[\w"\`.$\[\]{}]+(?:\s+(?:as\s+)?\w+)?\s+set\b`,
    String.raw`\bupdate\s[\s\S]{0,200}?\bset\s`,
    String.raw`\bdelete\s+(?:\w+\s+)?from\b`,
    String.raw`\b(?:create|alter|drop)\s+(?:or\s+replace\s+)?(?:temp\w*\s+|unlogged\s+|unique\s+|materialized\s+)?(?:table|index|view|schema|database|sequence|type|extension|function|trigger|procedure|column)\b`,
    String.raw`\btruncate\s`,
    String.raw`\bmerge\s+into\b`,
    String.raw`\bwith\s+(?:recursive\s+)?\w+\s+as\s*\(`,
    String.raw`\bpragma\s`,
    String.raw`\$(?:query|execute)Raw`,
    String.raw`Raw\s*\(`,
    String.raw`\bsql\s*[\`<(.]`,
    String.raw`\.(?:where|andWhere|orWhere|having|andHaving|orHaving|literal)\s*\(\s*['"\`]`,
    // Calls that send SQL held elsewhere (an imported constant): the call site must be read for its loop.
    String.raw`\.(?:query|execute|prepare|unsafe|any|oneOrNone|manyOrNone|none)\s*[<(]`,
  ].join('|'),
  'i',
);
