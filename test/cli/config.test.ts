/** Config loading, validation (errors name the file and key), presets and overrides. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { ConfigError, loadConfig } from '../../src/cli/config.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sqlwarden-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const severities = (cfg: Awaited<ReturnType<typeof loadConfig>>, file: string) =>
  Object.fromEntries(cfg.rulesFor(file).map((r) => [r.rule.name, r.severity]));

describe('loadConfig', () => {
  it('uses the recommended preset when there is no config', async () => {
    const cfg = await loadConfig({ cwd: dirWith({}), rules: ALL_RULES });
    const on = severities(cfg, 'a.ts');
    expect(on['no-delete-without-where']).toBe('error');
    expect(on['no-unbounded-select']).toBe('warning');
    expect(cfg.file).toBeUndefined();
  });

  it.each([
    ['sqlwarden.config.json', '{ "rules": { "no-select-star": "off" } }'],
    ['.sqlwardenrc', '{ "rules": { "no-select-star": "off" } }'],
    ['.sqlwardenrc.json', '{ "rules": { "no-select-star": 0 } }'],
    ['package.json', '{ "name": "x", "sqlwarden": { "rules": { "no-select-star": "off" } } }'],
    ['sqlwarden.config.mjs', 'export default { rules: { "no-select-star": "off" } };'],
    ['sqlwarden.config.ts', 'const off: string = "off";\nexport default { rules: { "no-select-star": off } };'],
  ])('finds and loads %s', async (name, text) => {
    const cfg = await loadConfig({ cwd: dirWith({ [name]: text }), rules: ALL_RULES });
    expect(cfg.file).toBe(name);
    expect(severities(cfg, 'a.ts')['no-select-star']).toBeUndefined();
  });

  it('strict raises performance rules to errors; all turns everything on', async () => {
    const strict = await loadConfig({ cwd: dirWith({ '.sqlwardenrc.json': '{ "extends": "strict" }' }), rules: ALL_RULES });
    expect(severities(strict, 'a.ts')['no-unbounded-select']).toBe('error');
    const all = await loadConfig({ cwd: dirWith({ '.sqlwardenrc.json': '{ "extends": "all" }' }), rules: ALL_RULES });
    expect(Object.keys(severities(all, 'a.ts')).length).toBe(ALL_RULES.length);
  });

  it('applies overrides by glob: per-package dialect and rules', async () => {
    const cfg = await loadConfig({
      cwd: dirWith({
        '.sqlwardenrc.json': JSON.stringify({
          dialect: 'postgresql',
          overrides: [{ files: 'packages/legacy/**', dialect: 'mysql', rules: { 'no-select-star': 'off', 'no-large-offset': ['error', { threshold: 50 }] } }],
        }),
      }),
      rules: ALL_RULES,
    });
    expect(cfg.dialectFor('packages/api/a.ts')?.dialect).toBe('postgresql');
    expect(cfg.dialectFor('packages/legacy/a.ts')?.dialect).toBe('mysql');
    expect(severities(cfg, 'packages/legacy/a.ts')['no-select-star']).toBeUndefined();
    const offset = cfg.rulesFor('packages/legacy/a.ts').find((r) => r.rule.name === 'no-large-offset')!;
    expect(offset.severity).toBe('error');
    expect(offset.options).toMatchObject({ threshold: 50 });
  });

  it('CLI --dialect wins over config', async () => {
    const cfg = await loadConfig({ cwd: dirWith({ '.sqlwardenrc.json': '{ "dialect": "sqlite" }' }), rules: ALL_RULES, cliDialect: 'mysql' });
    expect(cfg.dialectFor('a.ts')).toEqual({ dialect: 'mysql', source: 'cli' });
  });

  it('uses default and configured migration globs', async () => {
    const def = await loadConfig({ cwd: dirWith({}), rules: ALL_RULES });
    expect(def.isMigration('db/migrations/001_init.sql')).toBe(true);
    expect(def.isMigration('prisma/migrations/2024_x/migration.sql')).toBe(true);
    expect(def.isMigration('src/users.ts')).toBe(false);
    const custom = await loadConfig({ cwd: dirWith({ '.sqlwardenrc.json': '{ "migrations": ["sql/changes/**"] }' }), rules: ALL_RULES });
    expect(custom.isMigration('sql/changes/1.sql')).toBe(true);
  });

  it.each([
    ['{ "rules": { "no-such-rule": "error" } }', /rules\.no-such-rule.*unknown rule/],
    ['{ "rules": { "no-select-star": "loud" } }', /rules\.no-select-star/],
    ['{ "rules": { "no-large-offset": ["warn", { "threshold": "big" }] } }', /rules\.no-large-offset\[1\]\.threshold.*expected integer/],
    ['{ "dialect": "oracle" }', /"dialect"/],
    ['{ "extends": "loose" }', /"extends"/],
    ['{ "detectors": [{ "arg": 0 }] }', /detectors\.0.*callee.*tag/],
    ['{ "overrides": [{ "rules": {} }] }', /overrides\.0\.files/],
    ['{ "rulez": {} }', /unknown key "rulez"/],
    ['{ not json', /not valid JSON/],
  ])('rejects %s naming the file and key', async (text, pattern) => {
    const cwd = dirWith({ '.sqlwardenrc.json': text });
    const error = await loadConfig({ cwd, rules: ALL_RULES }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('.sqlwardenrc.json');
    expect((error as Error).message).toMatch(pattern);
  });

  it('turns configured detectors into extraction rows', async () => {
    const cfg = await loadConfig({ cwd: dirWith({ '.sqlwardenrc.json': '{ "detectors": [{ "callee": "db.sql", "arg": 1, "dialect": "mysql" }, { "tag": "q" }] }' }), rules: ALL_RULES });
    expect(cfg.detectors).toEqual([
      { kind: 'call', callee: 'db.sql', arg: 1, library: 'custom', parameterises: true, requireSqlShape: false, dialect: 'mysql' },
      { kind: 'tag', tag: 'q', library: 'custom', parameterises: true },
    ]);
  });
});
