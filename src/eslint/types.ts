/**
 * The slice of ESLint's rule and config API the plugin uses, typed here so the
 * build does not depend on one ESLint major's type definitions (8, 9 and 10 all
 * satisfy these shapes).
 */
import type { OptionsSchema } from '../core/rule.js';

export interface EslintPosition {
  line: number;
  /** 0-based. */
  column: number;
}

export interface EslintSourceCode {
  text: string;
  getLocFromIndex(index: number): EslintPosition;
}

export interface EslintReport {
  messageId: string;
  data?: Record<string, string>;
  loc: { start: EslintPosition; end: EslintPosition };
}

export interface EslintRuleContext {
  id?: string;
  options: readonly unknown[];
  settings?: Record<string, unknown>;
  filename?: string;
  cwd?: string;
  sourceCode?: EslintSourceCode;
  /** ESLint 8 (removed in 10). */
  getFilename?(): string;
  getCwd?(): string;
  getSourceCode?(): EslintSourceCode;
  report(descriptor: EslintReport): void;
}

export interface EslintRuleModule {
  meta: {
    type: 'problem' | 'suggestion' | 'layout';
    docs: { description: string; recommended: boolean; url: string };
    schema: OptionsSchema[];
    messages: Record<string, string>;
  };
  create(context: EslintRuleContext): Record<string, (node: unknown) => void>;
}

export type EslintSeverity = 'off' | 'warn' | 'error';
export type EslintRuleEntry = EslintSeverity | [EslintSeverity, Record<string, unknown>];

export interface LegacyConfig {
  plugins: string[];
  rules: Record<string, EslintRuleEntry>;
}

export interface FlatConfig {
  name: string;
  plugins: Record<string, EslintPlugin>;
  rules: Record<string, EslintRuleEntry>;
}

export interface EslintPlugin {
  meta: { name: string; version: string };
  rules: Record<string, EslintRuleModule>;
  configs: {
    recommended: LegacyConfig;
    strict: LegacyConfig;
    'flat/recommended': FlatConfig;
    'flat/strict': FlatConfig;
  };
}
