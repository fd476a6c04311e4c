import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/core/catalog.js';
import { closestName, editDistance, expressionIndexFor, isSystemTable, redactUrl, resolveTable } from '../../src/schema/index.js';

const catalog: Catalog = {
  sources: [],
  tables: [
    { name: 'users', schema: 'public', columns: [], indexes: [{ name: 'u_ci', keys: [{ expression: 'lower(email)' }], unique: false, primary: false }], foreignKeys: [] },
    { name: 'invoices', schema: 'billing', columns: [], indexes: [], foreignKeys: [] },
    { name: 'Events', columns: [], indexes: [], foreignKeys: [] },
  ],
};

describe('resolveTable', () => {
  it('is case-insensitive and resolves schema-qualified names', () => {
    expect(resolveTable(catalog, 'USERS')?.name).toBe('users');
    expect(resolveTable(catalog, 'users', 'public')?.name).toBe('users');
    expect(resolveTable(catalog, 'users', 'billing')).toBeUndefined();
    expect(resolveTable(catalog, 'invoices', 'billing')?.name).toBe('invoices');
    expect(resolveTable(catalog, 'invoices')?.name).toBe('invoices');
    expect(resolveTable(catalog, 'events', 'whatever')?.name).toBe('Events');
    expect(resolveTable(catalog, 'nothing')).toBeUndefined();
  });
  it('knows system tables', () => {
    expect(isSystemTable('tables', 'information_schema')).toBe(true);
    expect(isSystemTable('pg_stat_activity')).toBe(true);
    expect(isSystemTable('sqlite_master')).toBe(true);
    expect(isSystemTable('users')).toBe(false);
  });
});

describe('expressionIndexFor', () => {
  it('finds an index whose leading key is the expression', () => {
    expect(expressionIndexFor(catalog, 'users', 'lower(email)')?.name).toBe('u_ci');
    expect(expressionIndexFor(catalog, 'public.users', 'lower(email)')?.name).toBe('u_ci');
    expect(expressionIndexFor(catalog, 'users', 'upper(email)')).toBeUndefined();
    expect(expressionIndexFor(catalog, 'nothing', 'lower(email)')).toBeUndefined();
  });
});

describe('did you mean', () => {
  it('measures typos with transpositions', () => {
    expect(editDistance('usres', 'users')).toBe(1);
    expect(editDistance('comment', 'comments')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
  it('suggests only plausible typos', () => {
    expect(closestName('usres', ['users', 'posts'])).toBe('users');
    expect(closestName('published', ['published_at', 'title'])).toBe('published_at');
    expect(closestName('ab', ['xy', 'ac'])).toBe('ac');
    expect(closestName('foo', ['bar'])).toBeUndefined();
    expect(closestName('orders', ['users', 'posts'])).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('hides passwords in the authority and secret parameters', () => {
    expect(redactUrl('postgres://app:s3cret@db.internal:5432/app')).toBe('postgres://app:***@db.internal:5432/app');
    expect(redactUrl('mysql://root:p%40ss@localhost/shop?password=x&ssl=true')).toBe('mysql://root:***@localhost/shop?password=***&ssl=true');
    expect(redactUrl('postgresql://app@localhost/app')).toBe('postgresql://app@localhost/app');
    expect(redactUrl('not a url://u:pw@host')).toBe('not a url://u:***@host');
  });
});
