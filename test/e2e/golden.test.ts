/**
 * Whole outputs of the built CLI on fixtures, compared with committed files:
 * any change in a message, a position or the format shows up in review.
 * Regenerate with `npx vitest run test/e2e/golden.test.ts -u` after checking the diff is intended.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './cli.js';

describe('golden outputs', () => {
  it('check fixtures/outage (stylish)', async () => {
    await expect(cli(['check', 'fixtures/outage', '--no-color']).stdout).toMatchFileSnapshot('golden/outage.stylish.txt');
  });
  it('check fixtures/outage (json)', async () => {
    await expect(cli(['check', 'fixtures/outage', '--format', 'json']).stdout).toMatchFileSnapshot('golden/outage.json');
  });
  it('check fixtures/apps (json)', async () => {
    await expect(cli(['check', 'fixtures/apps', '--format', 'json']).stdout).toMatchFileSnapshot('golden/apps.json');
  });
  it('extract fixtures/apps/pg (json)', async () => {
    await expect(cli(['extract', 'fixtures/apps/pg', '--format', 'json']).stdout).toMatchFileSnapshot('golden/extract-pg.json');
  });
  it('check fixtures/sql (github annotations)', async () => {
    await expect(cli(['check', 'fixtures/sql', '--format', 'github']).stdout).toMatchFileSnapshot('golden/sql.github.txt');
  });
});
