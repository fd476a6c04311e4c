/** `npm run docs`: writes docs/rules/<rule>.md and the README rule table from the rule files. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { initParsers } from '../parse/index.js';
import { renderRulePage, renderRuleTable, replaceRuleTable } from './render.js';

const root = process.argv[2] ?? process.cwd();
await initParsers();
mkdirSync(path.join(root, 'docs/rules'), { recursive: true });
for (const rule of ALL_RULES) {
  writeFileSync(path.join(root, 'docs/rules', `${rule.name}.md`), await renderRulePage(rule));
}
const readmePath = path.join(root, 'README.md');
writeFileSync(readmePath, replaceRuleTable(readFileSync(readmePath, 'utf8'), renderRuleTable(ALL_RULES)));
console.log(`wrote ${ALL_RULES.length} rule pages and the README rule table`);
