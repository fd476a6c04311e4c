/**
 * The documentation examples are the contract: each incorrect example yields
 * exactly one finding from its rule, each correct example none.
 */
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { findingsOf } from './harness.js';

for (const rule of ALL_RULES) {
  describe(`${rule.name} examples`, () => {
    rule.docs.incorrect.forEach((ex, i) => {
      it(`incorrect #${i + 1} yields exactly one finding`, async () => {
        const found = await findingsOf(rule.name, { code: ex.code, language: ex.language, ...(ex.dialect ? { dialect: ex.dialect } : {}), ...(ex.options ? { options: ex.options } : {}), ...(ex.filename ? { filename: ex.filename } : {}), ...(ex.schema !== undefined ? { schema: ex.schema } : {}) });
        expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toHaveLength(1);
      });
    });
    rule.docs.correct.forEach((ex, i) => {
      it(`correct #${i + 1} yields no finding`, async () => {
        const found = await findingsOf(rule.name, { code: ex.code, language: ex.language, ...(ex.dialect ? { dialect: ex.dialect } : {}), ...(ex.options ? { options: ex.options } : {}), ...(ex.filename ? { filename: ex.filename } : {}), ...(ex.schema !== undefined ? { schema: ex.schema } : {}) });
        expect(found.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      });
    });
  });
}
