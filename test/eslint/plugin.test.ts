/** The plugin object: rule metadata, presets, settings and the schema snapshot hook. */
import plugin from '../../src/eslint/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint9';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { presetSettings } from '../../src/analyse/presets.js';
import { docsUrlFor } from '../../src/core/rule.js';
import { loadSchemaSnapshot } from '../../src/eslint/settings.js';
import { catalogFromDdl, saveSnapshot } from '../../src/schema/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

function lint(code: string, config: Record<string, unknown>, filename = path.join(ROOT, 'test/eslint/example.ts')) {
  const linter = new Linter({ cwd: ROOT });
  return linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { sqlwarden: plugin }, ...config } as unknown as Linter.Config], filename);
}

describe('rules', () => {
  it('has every engine rule under the same id', () => {
    expect(Object.keys(plugin.rules)).toEqual(ALL_RULES.map((r) => r.name));
  });

  it('carries the docs URL, options schema, type and message ids of each rule', () => {
    for (const rule of ALL_RULES) {
      const meta = plugin.rules[rule.name]!.meta;
      expect(meta.docs.url).toBe(docsUrlFor(rule.name));
      expect(meta.docs.description).toBe(rule.meta.description);
      expect(meta.docs.recommended).toBe(rule.meta.recommended);
      expect(meta.schema).toEqual([rule.options]);
      expect(meta.type).toBe(rule.meta.category === 'performance' ? 'suggestion' : 'problem');
      expect(Object.keys(meta.messages)).toEqual(Object.keys(rule.messages));
    }
  });

  it('names the plugin and its version', () => {
    expect(plugin.meta).toEqual({ name: 'sqlwarden', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('rejects options that do not match the rule schema (ESLint validates them)', () => {
    expect(() => lint("await pool.query('SELECT id FROM t LIMIT 1 OFFSET 5000');", { rules: { 'sqlwarden/no-large-offset': ['error', { treshold: 5 }] } })).toThrow(/treshold|additional/i);
  });
});

describe('presets', () => {
  for (const preset of ['recommended', 'strict'] as const) {
    it(`${preset}: same rules and severities as the CLI preset, for legacy and flat config`, () => {
      const expected: Record<string, unknown> = {};
      for (const [name, s] of presetSettings(preset, ALL_RULES)) {
        const level = s.severity === 'warning' ? 'warn' : s.severity;
        expected[`sqlwarden/${name}`] = s.options ? [level, s.options] : level;
      }
      expect(plugin.configs[preset]).toEqual({ plugins: ['sqlwarden'], rules: expected });
      const flat = plugin.configs[`flat/${preset}`];
      expect(flat.rules).toEqual(expected);
      expect(flat.plugins.sqlwarden).toBe(plugin);
      expect(flat.name).toBe(`sqlwarden/${preset}`);
    });
  }

  it('strict requires a reason on suppressions', () => {
    expect(plugin.configs.strict.rules['sqlwarden/unused-disable']).toEqual(['error', { requireReason: true }]);
    const messages = lint("// sqlwarden-disable-next-line no-select-star\nawait pool.query('SELECT * FROM users WHERE id = $1', [id]);", { rules: plugin.configs['flat/strict'].rules });
    expect(messages.map((m) => `${m.ruleId}:${m.messageId}:${m.line}`).sort()).toEqual(['sqlwarden/no-select-star:selectStar:2', 'sqlwarden/unused-disable:missingReason:1']);
  });
});

describe('settings.sqlwarden', () => {
  const select = "await db.query('SELECT `id` FROM `users` WHERE `id` = ? ORDER created_at', [id]);";

  it('sets the dialect', () => {
    const messages = lint(select, { rules: { 'sqlwarden/parse-error': 'warn' }, settings: { sqlwarden: { dialect: 'mysql' } } });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toMatch(/^SQL does not parse as mysql/);
  });

  it('takes detector rows and migration globs', () => {
    const code = 'await q`DELETE FROM sessions`;';
    const rules = { 'sqlwarden/no-delete-without-where': ['error', { allowInMigrations: true }] };
    expect(lint(code, { rules })).toHaveLength(0);
    expect(lint(code, { rules, settings: { sqlwarden: { detectors: [{ tag: 'q' }] } } })).toHaveLength(1);
    expect(lint(code, { rules, settings: { sqlwarden: { detectors: [{ tag: 'q' }], migrations: ['test/eslint/**'] } } })).toHaveLength(0);
  });

  it('rejects unknown keys and rules with a clear message', () => {
    const rules = { 'sqlwarden/no-select-star': 'error' };
    expect(() => lint(select, { rules, settings: { sqlwarden: { dialekt: 'mysql' } } })).toThrow(/settings\.sqlwarden: unknown key "dialekt"/);
    expect(() => lint(select, { rules, settings: { sqlwarden: { rules: {} } } })).toThrow(/configure rules as sqlwarden\/<rule-id>/);
    expect(() => lint(select, { rules, settings: { sqlwarden: { dialect: 'oracle' } } })).toThrow(/settings\.sqlwarden.*dialect/);
  });

  it('reads the schema snapshot only when a schema rule is on, and a missing one is an error', () => {
    const missing = { sqlwarden: { schema: 'no/such/schema.json' } };
    expect(lint("await pool.query('SELECT * FROM users');", { rules: { 'sqlwarden/no-select-star': 'error' }, settings: missing })).toHaveLength(1);
    expect(() => lint("await pool.query('SELECT id FROM users');", { rules: { 'sqlwarden/unknown-table': 'error' }, settings: missing })).toThrow(/schema snapshot not found/);
  });
});

describe('schema snapshot (src/schema loadSnapshot)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-eslint-schema-'));
  const snapshot = path.join(dir, 'schema.json');
  saveSnapshot(catalogFromDdl('CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);', 'postgresql', 'schema.sql'), snapshot);

  it('feeds schema-aware rules', () => {
    const messages = lint("await pool.query('SELECT id FROM userz WHERE id = $1', [id]);\nawait pool.query('SELECT id FROM users WHERE id = $1', [id]);", {
      rules: { 'sqlwarden/unknown-table': 'error' },
      settings: { sqlwarden: { schema: snapshot } },
    });
    expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.messageId}`)).toEqual(['1:34 sqlwarden/unknown-table unknownTable']);
    expect(messages[0]!.message).toMatch(/^Table "userz" is not in the schema/);
  });

  it('schema rules are silent without a snapshot', () => {
    expect(lint("await pool.query('SELECT id FROM userz WHERE id = $1', [id]);", { rules: { 'sqlwarden/unknown-table': 'error' } })).toEqual([]);
  });

  it('a file that is not a snapshot is a configuration error', () => {
    const file = path.join(dir, 'other.json');
    writeFileSync(file, JSON.stringify({ name: 'not a schema' }));
    expect(() => loadSchemaSnapshot(file)).toThrow(/settings\.sqlwarden\.schema: .*other\.json/);
  });
});
