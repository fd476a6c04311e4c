/** The compiler API bundled with ts-morph (see typescript.js for why it is loaded directly). */
export { ts } from 'ts-morph';
