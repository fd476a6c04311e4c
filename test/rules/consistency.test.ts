/** The "adding a rule" checklist, as failures. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { README_END, README_START, renderRulePage, renderRuleTable } from '../../src/docs/render.js';

const root = path.resolve(import.meta.dirname, '../..');
const ruleFiles = readdirSync(path.join(root, 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('rule registry', () => {
  it('lists every rule file, alphabetically', () => {
    expect(ALL_RULES.map((r) => r.name)).toEqual(ruleFiles);
  });

  for (const rule of ALL_RULES) {
    describe(rule.name, () => {
      it('keeps its keys in the documented order', () => {
        expect(Object.keys(rule)).toEqual(['name', 'meta', 'messages', 'options', 'docs', 'visit']);
      });
      it('documents every option with a description and a default', () => {
        for (const [name, prop] of Object.entries(rule.options.properties)) {
          expect(prop.description.length, `${rule.name}.${name}`).toBeGreaterThan(10);
          expect('default' in prop, `${rule.name}.${name}`).toBe(true);
        }
      });
      it('has incorrect and correct examples', () => {
        expect(rule.docs.incorrect.length).toBeGreaterThan(0);
        expect(rule.docs.correct.length).toBeGreaterThan(0);
      });
      it('has a message and a separate help for every message id', () => {
        for (const m of Object.values(rule.messages)) {
          expect(m.message.length).toBeGreaterThan(5);
          expect(m.help.length).toBeGreaterThan(5);
          expect(m.help).not.toBe(m.message);
        }
      });
      it('has a fresh generated doc page (run npm run docs)', async () => {
        const committed = readFileSync(path.join(root, 'docs/rules', `${rule.name}.md`), 'utf8');
        expect(committed).toBe(await renderRulePage(rule));
      });
    });
  }

  it('README rule table is fresh (run npm run docs)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    expect(start).toBeGreaterThan(-1);
    expect(readme.slice(start + README_START.length, end).trim()).toBe(renderRuleTable(ALL_RULES));
  });
});
