/**
 * Presets and per-file rule resolution: `recommended` turns on every
 * recommended rule at its default severity, `strict` raises performance rules
 * to errors and requires a reason on suppressions, `all` turns on everything.
 */
import { type AnyRule, resolveOptions } from '../core/rule.js';
import type { Severity, SeveritySetting } from '../core/types.js';

export const PRESETS = ['recommended', 'strict', 'all'] as const;
export type PresetName = (typeof PRESETS)[number];

export interface RuleSetting {
  severity: SeveritySetting;
  options?: Record<string, unknown>;
}

export function presetSettings(preset: PresetName, rules: readonly AnyRule[]): Map<string, RuleSetting> {
  const out = new Map<string, RuleSetting>();
  for (const rule of rules) {
    if (preset === 'all') {
      out.set(rule.name, { severity: rule.meta.severity });
    } else if (rule.meta.recommended) {
      const raise = preset === 'strict' && rule.meta.category === 'performance';
      out.set(rule.name, { severity: raise ? 'error' : rule.meta.severity });
    }
  }
  if (preset === 'strict' && out.has('unused-disable')) {
    out.set('unused-disable', { severity: 'error', options: { requireReason: true } });
  }
  return out;
}

export interface ResolvedRule {
  rule: AnyRule;
  severity: Severity;
  options: unknown;
}

/** Applies settings in order (later wins; an options-less setting keeps earlier options). */
export function resolveRules(rules: readonly AnyRule[], layers: readonly Map<string, RuleSetting>[]): ResolvedRule[] {
  const merged = new Map<string, RuleSetting>();
  for (const layer of layers) {
    for (const [name, setting] of layer) {
      const prev = merged.get(name);
      merged.set(name, { severity: setting.severity, ...((setting.options ?? prev?.options) ? { options: setting.options ?? prev?.options } : {}) });
    }
  }
  const out: ResolvedRule[] = [];
  for (const rule of rules) {
    const s = merged.get(rule.name);
    if (!s || s.severity === 'off') continue;
    out.push({ rule, severity: s.severity, options: resolveOptions(rule.options, s.options) });
  }
  return out;
}
