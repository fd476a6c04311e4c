/** `sqlwarden rules`: every rule with its metadata and whether it is on. */
import type { AnyRule } from '../core/rule.js';
import { docsUrlFor } from '../core/rule.js';
import type { Severity } from '../core/types.js';

export function formatRulesJson(rules: readonly AnyRule[], enabled: ReadonlyMap<string, Severity>): string {
  const list = rules.map((r) => ({
    name: r.name,
    description: r.meta.description,
    category: r.meta.category,
    defaultSeverity: r.meta.severity,
    recommended: r.meta.recommended,
    fixable: r.meta.fixable,
    dialects: r.meta.dialects,
    requiresSchema: r.meta.requiresSchema ?? false,
    enabled: enabled.has(r.name),
    severity: enabled.get(r.name) ?? 'off',
    options: r.options.properties,
    docsUrl: docsUrlFor(r.name),
  }));
  return JSON.stringify({ rules: list }, null, 2) + '\n';
}

export function formatRules(rules: readonly AnyRule[], enabled: ReadonlyMap<string, Severity>): string {
  const width = Math.max(...rules.map((r) => r.name.length));
  const lines = rules.map((r) => {
    const state = (enabled.get(r.name) ?? 'off').padEnd(7);
    return `${r.name.padEnd(width)}  ${state}  ${r.meta.category.padEnd(11)}  ${r.meta.description}`;
  });
  return `${'rule'.padEnd(width)}  ${'state'.padEnd(7)}  ${'category'.padEnd(11)}  description\n${lines.join('\n')}\n`;
}
