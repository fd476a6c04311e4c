import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { FINGERPRINT_KEY, buildSarif, formatSarif, pathToUri, ruleName } from '../../src/report/sarif.js';
import { SNIPPET, diagnostic, lintReport, reportOf } from './helpers.js';
import { embeddedSarifSchema, multitoolBinary, validateSchema } from './sarif-schema.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sqlwarden-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const OPTIONS = { version: '0.1.0' };

function run(log: string): Json {
  return (JSON.parse(log) as Json).runs[0];
}

describe('formatSarif', () => {
  it('describes the tool and every rule from rule metadata', async () => {
    const report = await lintReport();
    const driver = run(formatSarif(report, ALL_RULES, OPTIONS)).tool.driver;
    expect(driver.name).toBe('sqlwarden');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: Json) => r.id)).toEqual(ALL_RULES.map((r) => r.name));
    const star = driver.rules.find((r: Json) => r.id === 'no-select-star');
    const rule = ALL_RULES.find((r) => r.name === 'no-select-star')!;
    expect(star.name).toBe('NoSelectStar');
    expect(star.shortDescription.text).toContain(rule.meta.description.replace(/\.$/, ''));
    expect(star.fullDescription.text.length).toBeGreaterThan(0);
    expect(star.helpUri).toBe('https://github.com/sqlwarden/sqlwarden/blob/main/docs/rules/no-select-star.md');
    expect(star.defaultConfiguration.level).toBe(rule.meta.severity);
    expect(star.properties.category).toBe(rule.meta.category);
    expect(star.properties.tags).toContain(rule.meta.category);
    const security = driver.rules.find((r: Json) => r.properties.category === 'security');
    if (security) expect(security.properties.tags).toContain('security');
  });

  it('reports each finding with rule index, level, message + help, region and fingerprint', async () => {
    const report = await lintReport();
    expect(report.diagnostics.length).toBeGreaterThanOrEqual(3);
    const r = run(formatSarif(report, ALL_RULES, OPTIONS));
    expect(r.results).toHaveLength(report.diagnostics.length);
    for (const result of r.results) {
      const d = report.diagnostics.find((x) => x.ruleId === result.ruleId && x.line === result.locations[0].physicalLocation.region.startLine)!;
      expect(d).toBeDefined();
      expect(r.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.level).toBe(d.severity);
      expect(result.message.text).toContain(d.message.replace(/\.$/, ''));
      expect(result.message.text).toContain(d.help.split('\n')[0]!.replace(/\.$/, ''));
      const loc = result.locations[0].physicalLocation;
      expect(loc.artifactLocation).toEqual({ uri: 'src/db/users.ts', uriBaseId: '%SRCROOT%' });
      expect(loc.region).toEqual({ startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn });
      expect(result.partialFingerprints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}:\d+$/);
    }
    const loop = r.results.find((x: Json) => x.ruleId === 'no-query-in-loop');
    expect(loop.relatedLocations?.[0]).toMatchObject({ id: 1, physicalLocation: { artifactLocation: { uri: 'src/db/users.ts' } }, message: { text: expect.stringContaining('loop') } });
  });

  it('keeps fingerprints when lines move and code is reformatted', async () => {
    const before = run(formatSarif(await lintReport(), ALL_RULES, OPTIONS));
    const moved = `// a header comment\n\n\n${SNIPPET.replace("'DELETE FROM users'", "'DELETE   FROM\\n users'")}`;
    const after = run(formatSarif(await lintReport(moved), ALL_RULES, OPTIONS));
    const prints = (r: Json) => r.results.map((x: Json) => `${x.ruleId} ${x.partialFingerprints[FINGERPRINT_KEY]}`).sort();
    expect(prints(after)).toEqual(prints(before));
    expect(after.results[0].locations[0].physicalLocation.region.startLine).toBe(before.results[0].locations[0].physicalLocation.region.startLine + 3);
  });

  it('is deterministic whatever the input order', async () => {
    const report = await lintReport();
    const a = formatSarif(report, ALL_RULES, OPTIONS);
    const b = formatSarif({ ...report, diagnostics: [...report.diagnostics].reverse() }, ALL_RULES, OPTIONS);
    expect(b).toBe(a);
    expect(a).not.toMatch(/"(?:startTimeUtc|endTimeUtc)"/);
    expect(a).not.toContain('/virtual/project');
  });

  it('gives identical findings distinct occurrence fingerprints', () => {
    const d1 = diagnostic({ line: 3 });
    const d2 = diagnostic({ line: 9 });
    const prints = run(formatSarif(reportOf([d2, d1]), ALL_RULES, OPTIONS)).results.map((x: Json) => x.partialFingerprints[FINGERPRINT_KEY]);
    expect(prints[0]).toMatch(/:1$/);
    expect(prints[1]).toMatch(/:2$/);
    expect(prints[0].split(':')[0]).toBe(prints[1].split(':')[0]);
  });

  it('encodes paths as URI references and adds a descriptor for unknown rules', () => {
    expect(pathToUri('src/dir with space/ünï #1.ts')).toBe('src/dir%20with%20space/%C3%BCn%C3%AF%20%231.ts');
    expect(ruleName('no-select-star')).toBe('NoSelectStar');
    const log = buildSarif(reportOf([diagnostic({ ruleId: 'plugin/custom', file: 'a b.ts' })]), ALL_RULES, OPTIONS) as Json;
    const r = log.runs[0];
    expect(r.results[0].ruleIndex).toBe(ALL_RULES.length);
    expect(r.tool.driver.rules[ALL_RULES.length].id).toBe('plugin/custom');
    expect(r.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('a%20b.ts');
  });

  it('widens an empty region to one character and lists skipped files as notifications', () => {
    const log = buildSarif(reportOf([diagnostic({ column: 4, endColumn: 4 })], [{ file: 'big.ts', reason: 'skipped: too large' }]), ALL_RULES, { ...OPTIONS, srcRoot: '/home/me/my repo' }) as Json;
    const r = log.runs[0];
    expect(r.results[0].locations[0].physicalLocation.region).toMatchObject({ startColumn: 4, endColumn: 5 });
    expect(r.invocations[0].toolExecutionNotifications[0]).toMatchObject({ level: 'note', message: { text: 'big.ts: skipped: too large.' } });
    expect(r.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///home/me/my%20repo/');
  });
});

describe('SARIF validation against the official 2.1.0 schema', async () => {
  const full = await lintReport(SNIPPET, 'src/dir with space/ünï.ts');
  const logs: [string, string][] = [
    ['findings', formatSarif({ ...full, notes: [{ file: 'src/huge.ts', reason: 'skipped: 3 MB is over the 2 MB limit' }] }, ALL_RULES, { ...OPTIONS, srcRoot: '/work/my repo' })],
    ['no findings', formatSarif(reportOf([]), ALL_RULES, OPTIONS)],
    ['unknown rule, labels in another file', formatSarif(reportOf([diagnostic({ ruleId: 'x-rule', labels: [{ message: 'defined here', file: 'lib/q.ts', start: { line: 2, column: 1 }, end: { line: 2, column: 9 } }] })]), ALL_RULES, OPTIONS)],
  ];
  const bin = multitoolBinary();
  const schema = bin.path ? embeddedSarifSchema(bin.path) : { reason: bin.reason };

  it.each(logs)('%s: passes the JSON schema shipped in @microsoft/sarif-multitool', (_name, log) => {
    if (!schema.schema) {
      console.warn(`skipped JSON-schema check: ${schema.reason}`);
      return;
    }
    expect(validateSchema(schema.schema, JSON.parse(log))).toEqual([]);
  });

  it('the schema check catches a broken log (it is not vacuous)', () => {
    if (!schema.schema) return;
    const broken = JSON.parse(logs[0]![1]) as Json;
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].bogus = true;
    const errors = validateSchema(schema.schema, broken);
    expect(errors.join('\n')).toMatch(/fatal/);
    expect(errors.join('\n')).toMatch(/minimum 1/);
    expect(errors.join('\n')).toMatch(/bogus/);
  });

  // SARIF2006 fetches every URI in the log over HTTP; this machine has no network for that, so it is off.
  const policy = path.join(tmp, 'validation-policy.xml');
  writeFileSync(
    policy,
    '<?xml version="1.0" encoding="utf-8"?>\n<Properties>\n  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">\n    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />\n  </Properties>\n</Properties>\n',
  );

  function multitool(file: string): { available: boolean; reason?: string; output?: Json; stdout?: string } {
    if (!bin.path) return { available: false, reason: bin.reason };
    const out = `${file}.validation.sarif`;
    let stdout: string;
    try {
      stdout = execFileSync(bin.path, ['validate', file, '--config', policy, '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stdout?: string; status?: number };
      if (e.code === 'ENOENT' || e.code === 'EACCES' || /ICU|libicu|dotnet/i.test(String(e.stdout ?? e.message))) return { available: false, reason: `sarif-multitool cannot run here: ${e.message}` };
      stdout = String(e.stdout ?? '');
    }
    return { available: true, stdout, output: JSON.parse(readFileSync(out, 'utf8')) as Json };
  }

  it.each(logs)('%s: sarif-multitool validate reports no error or warning', (name, log) => {
    const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.sarif`);
    writeFileSync(file, log);
    const v = multitool(file);
    if (!v.available) {
      console.warn(`skipped sarif-multitool validation: ${v.reason}`);
      return;
    }
    expect(v.stdout).toMatch(/1 files scanned/);
    const problems = (v.output!.runs[0].results as Json[]).filter((r) => r.level === 'error' || r.level === undefined || r.level === 'warning');
    expect(problems.map((p) => `${p.ruleId}: ${JSON.stringify(p.message)}`)).toEqual([]);
  });

  it('sarif-multitool flags a log with a schema error (it is not vacuous)', () => {
    const broken = JSON.parse(logs[0]![1]) as Json;
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    broken.runs[0].bogus = true;
    const file = path.join(tmp, 'broken.sarif');
    writeFileSync(file, JSON.stringify(broken));
    const v = multitool(file);
    if (!v.available) return;
    const ids = (v.output!.runs[0].results as Json[]).filter((r) => (r.level ?? 'warning') === 'error').map((r) => r.ruleId);
    expect(ids).toContain('JSON1005');
    expect(ids).toContain('JSON1008');
  });
});
