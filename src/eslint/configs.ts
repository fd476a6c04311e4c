/**
 * Presets, from the same preset table as the CLI (src/analyse/presets.ts):
 * `recommended` and `strict`, as legacy configs (`plugin:sqlwarden/recommended`)
 * and flat configs (`configs['flat/recommended']`). Severity `warning` is `warn`.
 */
import { ALL_RULES } from '../../rules/index.js';
import { presetSettings } from '../analyse/presets.js';
import type { EslintPlugin, EslintRuleEntry, FlatConfig, LegacyConfig } from './types.js';

export const PLUGIN_NAME = 'sqlwarden';

export function presetRules(preset: 'recommended' | 'strict'): Record<string, EslintRuleEntry> {
  const rules: Record<string, EslintRuleEntry> = {};
  for (const [name, setting] of presetSettings(preset, ALL_RULES)) {
    const level = setting.severity === 'warning' ? 'warn' : setting.severity;
    rules[`${PLUGIN_NAME}/${name}`] = setting.options ? [level, setting.options] : level;
  }
  return rules;
}

export function legacyConfig(preset: 'recommended' | 'strict'): LegacyConfig {
  return { plugins: [PLUGIN_NAME], rules: presetRules(preset) };
}

export function flatConfig(preset: 'recommended' | 'strict', plugin: EslintPlugin): FlatConfig {
  return { name: `${PLUGIN_NAME}/${preset}`, plugins: { [PLUGIN_NAME]: plugin }, rules: presetRules(preset) };
}
