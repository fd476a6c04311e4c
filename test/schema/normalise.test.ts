import { beforeAll, describe, expect, it } from 'vitest';
import { initParsers } from '../../src/parse/index.js';
import type { Expr } from '../../src/parse/model.js';
import { conjunctKeys, normaliseExpr, normaliseSqlText, renameInKey } from '../../src/schema/normalise.js';
import { splitConjunctKeys } from '../../src/schema/indexes.js';
import { select } from '../parse/helpers.js';

beforeAll(() => initParsers());

/** The key of the first select-list expression, or of the WHERE when `where` is set. */
function key(exprSql: string, dialect: 'postgresql' | 'mysql' = 'postgresql'): string {
  const sql = `SELECT ${exprSql} FROM t`;
  return normaliseExpr(select(sql, dialect).columns[0]!.expr, sql);
}

function whereKeys(cond: string): string[] {
  const sql = `SELECT 1 FROM t WHERE ${cond}`;
  return conjunctKeys(select(sql).where as Expr, sql);
}

describe('normaliseExpr', () => {
  it('lower-cases, drops quotes, whitespace and qualifiers', () => {
    expect(key('lower(email)')).toBe('lower(email)');
    expect(key('LOWER( "email" )')).toBe('lower(email)');
    expect(key('lower(u.email)')).toBe('lower(email)');
    expect(key('lower(`email`)', 'mysql')).toBe('lower(email)');
  });
  it('keeps casts, in one spelling', () => {
    expect(key('email::text')).toBe('email::text');
    expect(key('CAST(email AS text)')).toBe('email::text');
    expect(key('(created_at)::date')).toBe('created_at::date');
  });
  it('prints every parameter as ? and keeps literals', () => {
    expect(key("coalesce(status, 'new')")).toBe("coalesce(status,'new')");
    expect(key('a + $1')).toBe(key('a + $2'));
  });
  it('parenthesises nested operations only', () => {
    expect(whereKeys('(a = 1) AND ((b > 2))')).toEqual(['a=1', 'b>2']);
    expect(whereKeys('deleted_at IS NULL')).toEqual(['deleted_at is null']);
    expect(whereKeys('a = 1 OR b = 2')).toEqual(['(a=1) or (b=2)']);
  });
});

describe('normaliseSqlText', () => {
  it('canonicalises text the model does not describe', () => {
    expect(normaliseSqlText('( LOWER( "Email" ) )')).toBe('lower(email)');
    expect(normaliseSqlText('x = $1 AND y IN (1, 2)')).toBe('x=? and y in(1,2)');
  });
});

describe('splitConjunctKeys', () => {
  it('splits top-level ANDs but not a BETWEEN', () => {
    expect(splitConjunctKeys('(deleted_at is null) and (status=\'a and b\')')).toEqual(['deleted_at is null', "status='a and b'"]);
    expect(splitConjunctKeys('years between 1 and 5')).toEqual(['years between 1 and 5']);
    expect(splitConjunctKeys('(a=1) and (years between 1 and 5)')).toEqual(['a=1', 'years between 1 and 5']);
  });
});

describe('renameInKey', () => {
  it('renames whole identifiers only', () => {
    expect(renameInKey('lower(email)', 'email', 'mail')).toBe('lower(mail)');
    expect(renameInKey('lower(email_2)', 'email', 'mail')).toBe('lower(email_2)');
    expect(renameInKey("coalesce(email,'email')", 'email', 'mail')).toBe("coalesce(mail,'email')");
  });
});
