/**
 * Every engine rule as an ESLint rule with the same id, messages, options
 * schema and docs URL.
 *
 * One analysis per file serves all sqlwarden rules: each rule's `create()`
 * registers itself and its options on a session keyed by the SourceCode
 * object (ESLint calls every rule's `create()` before it traverses, in 8, 9 and
 * 10), and the first `Program` listener to fire runs the pipeline once with
 * exactly the rules ESLint has on. Each rule then reports its own findings.
 */
import './pg-sync.js';
import path from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import type { EnabledRule } from '../analyse/engine.js';
import { lineStartsOf } from '../core/location.js';
import { type AnyRule, docsUrlFor, resolveOptions } from '../core/rule.js';
import type { Diagnostic } from '../core/types.js';
import { SCRIPT_EXTENSIONS, lintFileSync } from './pipeline.js';
import { type PluginSettings, SettingsError, catalogFor, resolveSettings } from './settings.js';
import type { EslintPosition, EslintRuleContext, EslintRuleModule, EslintSourceCode } from './types.js';

type Outcome = { diagnostics: Map<string, Diagnostic[]>; lineStarts: number[] } | { failure: string };

interface Session {
  enabled: Map<string, EnabledRule>;
  filename: string;
  cwd: string;
  settings: PluginSettings;
  outcome?: Outcome;
}

const sessions = new WeakMap<EslintSourceCode, Session>();

function sourceCodeOf(context: EslintRuleContext): EslintSourceCode {
  const sc = context.sourceCode ?? context.getSourceCode?.();
  if (!sc) throw new Error('sqlwarden: this ESLint version gives rules no SourceCode');
  return sc;
}

function register(context: EslintRuleContext, rule: AnyRule): Session {
  const sourceCode = sourceCodeOf(context);
  let session = sessions.get(sourceCode);
  // A session whose analysis already ran belongs to an earlier pass over the same SourceCode.
  if (!session || session.outcome) {
    const cwd = context.cwd ?? context.getCwd?.() ?? process.cwd();
    session = {
      enabled: new Map(),
      filename: context.filename ?? context.getFilename?.() ?? '<input>',
      cwd,
      settings: resolveSettings(context.settings?.sqlwarden, cwd),
    };
    sessions.set(sourceCode, session);
  }
  session.enabled.set(rule.name, { rule, severity: rule.meta.severity, options: resolveOptions(rule.options, context.options[0] as Record<string, unknown> | undefined) });
  return session;
}

/** Files ESLint may hand us that are not JavaScript/TypeScript (.vue, .md, .d.ts ...) are skipped. */
function analysable(filename: string): boolean {
  if (filename.startsWith('<')) return true;
  if (filename.endsWith('.d.ts')) return false;
  const ext = path.extname(filename).toLowerCase();
  return ext === '' || ext === '.sql' || SCRIPT_EXTENSIONS.has(ext);
}

let warned = false;

function outcomeOf(session: Session, sourceCode: EslintSourceCode): Outcome {
  if (session.outcome) return session.outcome;
  const enabled = [...session.enabled.values()];
  const needsSchema = enabled.some((e) => e.rule.meta.requiresSchema);
  // A configured snapshot that cannot be read is a configuration error: it throws.
  const catalog = needsSchema ? catalogFor(session.settings) : undefined;
  let outcome: Outcome;
  try {
    const diagnostics = new Map<string, Diagnostic[]>();
    if (analysable(session.filename)) {
      const result = lintFileSync({
        text: sourceCode.text,
        filename: session.filename,
        cwd: session.cwd,
        rules: enabled,
        config: session.settings.config,
        ...(catalog ? { catalog } : {}),
      });
      for (const d of result.diagnostics) diagnostics.set(d.ruleId, [...(diagnostics.get(d.ruleId) ?? []), d]);
    }
    outcome = { diagnostics, lineStarts: diagnostics.size > 0 ? lineStartsOf(sourceCode.text) : [0] };
  } catch (error) {
    if (error instanceof SettingsError) throw error;
    // Never an ESLint crash: the failure becomes a parse-error finding (or a warning when that rule is off).
    const failure = `sqlwarden could not analyse this file: ${(error as Error)?.message ?? String(error)}`;
    outcome = { failure };
    if (!session.enabled.has('parse-error') && !warned) {
      warned = true;
      process.emitWarning(`${session.filename}: ${failure}`, 'SqlwardenWarning');
    }
  }
  session.outcome = outcome;
  return outcome;
}

/** Our 1-based line/column (UTF-16) to ESLint's 0-based column, through the offset so line breaks agree with ESLint's. */
function toEslint(sourceCode: EslintSourceCode, lineStarts: readonly number[], line: number, column: number): EslintPosition {
  const start = lineStarts[Math.min(Math.max(line - 1, 0), lineStarts.length - 1)] ?? 0;
  const offset = Math.min(Math.max(start + column - 1, 0), sourceCode.text.length);
  return sourceCode.getLocFromIndex(offset);
}

function eslintRule(rule: AnyRule): EslintRuleModule {
  const messageIds = Object.keys(rule.messages);
  return {
    meta: {
      type: rule.meta.category === 'performance' ? 'suggestion' : 'problem',
      docs: { description: rule.meta.description, recommended: rule.meta.recommended, url: docsUrlFor(rule.name) },
      schema: [rule.options],
      // The engine interpolates each message; ESLint shows the final text under the rule's own messageId.
      messages: Object.fromEntries(messageIds.map((id) => [id, '{{ message }}'])),
    },
    create(context) {
      const session = register(context, rule);
      const sourceCode = sourceCodeOf(context);
      return {
        Program() {
          const outcome = outcomeOf(session, sourceCode);
          if ('failure' in outcome) {
            if (rule.name === 'parse-error') {
              context.report({ messageId: 'parseError', data: { message: outcome.failure }, loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } } });
            }
            return;
          }
          for (const d of outcome.diagnostics.get(rule.name) ?? []) {
            context.report({
              messageId: d.messageId && d.messageId in rule.messages ? d.messageId : messageIds[0]!,
              data: { message: d.message },
              loc: {
                start: toEslint(sourceCode, outcome.lineStarts, d.line, d.column),
                end: toEslint(sourceCode, outcome.lineStarts, d.endLine, d.endColumn),
              },
            });
          }
        },
      };
    },
  };
}

export const RULES: Record<string, EslintRuleModule> = Object.fromEntries(ALL_RULES.map((rule) => [rule.name, eslintRule(rule)]));
