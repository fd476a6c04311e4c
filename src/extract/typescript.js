// The TypeScript compiler API that ts-morph bundles, loaded directly: importing
// ts-morph itself adds ~140 ms to every start (ESM export scanning of a CJS
// bundle, plus ts-morph's own wrapper), which matters for pre-commit hooks.
// Types come from the sibling typescript.d.ts, which re-exports ts-morph's.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fromTsMorph = createRequire(require.resolve('ts-morph'));

export const ts = fromTsMorph('@ts-morph/common/dist/typescript.js');
