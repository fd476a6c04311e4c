/** Public entry: the pipeline stages and the programmatic API. */
export { lintText, type LintTextOptions } from './api.js';
export { runCheck, extractAndParse, type RunOptions, type RunResult } from './run.js';
export { loadConfig, resolveConfig, validateConfig, ConfigError, type ResolvedConfig, type UserConfig } from './cli/config.js';
export { defineRule, type RuleDefinition, type AnyRule } from './core/rule.js';
export type * from './core/types.js';
export type * from './parse/model.js';
export { ALL_RULES } from '../rules/index.js';
