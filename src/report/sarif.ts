/**
 * `--format sarif`: a SARIF 2.1.0 log for GitHub code scanning and other SARIF
 * viewers. Pure: the same report gives byte-identical output (no timestamps,
 * no absolute paths unless `srcRoot` is given).
 *
 * - rules come from rule metadata, in the order given (ALL_RULES is alphabetical);
 *   a finding whose rule is not in the list still gets a minimal descriptor.
 * - locations are relative URIs against `%SRCROOT%`; regions use SARIF's default
 *   column kind (1-based UTF-16 code units, end column exclusive), which is what
 *   Diagnostic positions already are.
 * - `partialFingerprints["sqlwarden/v1"]` hashes rule id, file and the query's
 *   normalised fingerprint (not line numbers), plus an occurrence index among
 *   identical keys in the file, so code scanning follows a finding across commits.
 */
import { createHash } from 'node:crypto';
import { baselineFingerprint } from '../baseline/index.js';
import type { AnyRule } from '../core/rule.js';
import { docsUrlFor } from '../core/rule.js';
import type { Diagnostic, Label } from '../core/types.js';
import type { CheckReport } from './summary.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
export const SQLWARDEN_INFORMATION_URI = 'https://github.com/sqlwarden/sqlwarden';
export const FINGERPRINT_KEY = 'sqlwarden/v1';

export interface SarifOptions {
  /** sqlwarden's version (package.json), shown as tool.driver.version. */
  version: string;
  informationUri?: string;
  /**
   * Absolute folder the relative paths are against (file URI or path). Omitted by
   * default so the output does not depend on the machine; code scanning does not need it.
   */
  srcRoot?: string;
}

type Json = Record<string, unknown>;

/** `no-select-star` -> `NoSelectStar` (SARIF's `name` is a readable identifier, distinct from the id). */
export function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function firstParagraph(text: string): string {
  return text.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, ' ').trim();
}

function ensurePeriod(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

const SECURITY_SEVERITY: Record<string, string> = { error: '8.0', warning: '5.0' };

function ruleDescriptor(rule: AnyRule): Json {
  const rationale = rule.docs.rationale.trim();
  const tags = ['sqlwarden', 'sql', rule.meta.category, ...(rule.meta.category === 'security' ? ['security'] : [])];
  return {
    id: rule.name,
    name: ruleName(rule.name),
    shortDescription: { text: ensurePeriod(rule.meta.description) },
    fullDescription: { text: ensurePeriod(rationale ? firstParagraph(rationale) : rule.meta.description) },
    help: {
      text: `${ensurePeriod(rule.meta.description)} See ${docsUrlFor(rule.name)}`,
      markdown: `${ensurePeriod(rule.meta.description)} [Rule documentation](${docsUrlFor(rule.name)})`,
    },
    helpUri: docsUrlFor(rule.name),
    defaultConfiguration: { level: rule.meta.severity },
    properties: {
      category: rule.meta.category,
      tags: [...new Set(tags)],
      recommended: rule.meta.recommended,
      ...(rule.meta.requiresSchema ? { requiresSchema: true } : {}),
      ...(rule.meta.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[rule.meta.severity] } : {}),
    },
  };
}

function fallbackDescriptor(id: string, sample: Diagnostic): Json {
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: ensurePeriod(id) },
    helpUri: sample.docsUrl || docsUrlFor(id),
    defaultConfiguration: { level: sample.severity },
    properties: { tags: ['sqlwarden', 'sql'] },
  };
}

function region(start: { line: number; column: number }, end: { line: number; column: number }): Json {
  const startLine = Math.max(1, start.line);
  const startColumn = Math.max(1, start.column);
  let endLine = Math.max(startLine, end.line);
  let endColumn = Math.max(1, end.column);
  // An end before the start (or an empty span) would be rejected by viewers: cover one character.
  if (endLine === startLine && endColumn <= startColumn) endColumn = startColumn + 1;
  if (end.line < startLine) endLine = startLine;
  return { startLine, startColumn, endLine, endColumn };
}

function physicalLocation(file: string, start: { line: number; column: number }, end: { line: number; column: number }): Json {
  return {
    artifactLocation: { uri: pathToUri(file), uriBaseId: '%SRCROOT%' },
    region: region(start, end),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** partialFingerprints value for each diagnostic, in order. */
export function partialFingerprints(diagnostics: readonly Diagnostic[]): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const base = sha256(`${d.ruleId}\0${d.file}\0${baselineFingerprint(d)}`).slice(0, 32);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return `${base}:${n}`;
  });
}

function relatedLocations(labels: readonly Label[] | undefined): Json[] | undefined {
  if (!labels || labels.length === 0) return undefined;
  return labels.map((l, i) => ({
    id: i + 1,
    physicalLocation: physicalLocation(l.file, l.start, l.end),
    message: { text: ensurePeriod(l.message) },
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The SARIF log as a plain object (tests and integrations); formatSarif serialises it. */
export function buildSarif(report: CheckReport, rules: readonly AnyRule[], options: SarifOptions): Json {
  const descriptors: Json[] = rules.map(ruleDescriptor);
  const index = new Map<string, number>(rules.map((r, i) => [r.name, i]));
  // Findings sorted by position so occurrence indexes (and the output) do not depend on input order.
  const diagnostics = [...report.diagnostics].sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.ruleId, b.ruleId) || a.endLine - b.endLine || a.endColumn - b.endColumn || cmp(a.message, b.message),
  );
  for (const d of diagnostics) {
    if (!index.has(d.ruleId)) {
      index.set(d.ruleId, descriptors.length);
      descriptors.push(fallbackDescriptor(d.ruleId, d));
    }
  }
  const fingerprints = partialFingerprints(diagnostics);
  const results = diagnostics.map((d, i) => {
    const related = relatedLocations(d.labels);
    return {
      ruleId: d.ruleId,
      ruleIndex: index.get(d.ruleId)!,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: `${ensurePeriod(d.message)}\n${ensurePeriod(d.help)}` },
      locations: [{ physicalLocation: physicalLocation(d.file, { line: d.line, column: d.column }, { line: d.endLine, column: d.endColumn }) }],
      ...(related ? { relatedLocations: related } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i]! },
      properties: { evidence: d.evidence, ...(d.messageId ? { messageId: d.messageId } : {}) },
    };
  });
  const notifications = [...report.notes]
    .sort((a, b) => cmp(a.file, b.file) || cmp(a.reason, b.reason))
    .map((n) => ({
      level: 'note',
      message: { text: ensurePeriod(`${n.file}: ${n.reason}`) },
      locations: [{ physicalLocation: { artifactLocation: { uri: pathToUri(n.file), uriBaseId: '%SRCROOT%' } } }],
    }));
  const srcRoot = options.srcRoot ? toFileUri(options.srcRoot) : undefined;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'sqlwarden',
            version: options.version,
            semanticVersion: options.version,
            informationUri: options.informationUri ?? SQLWARDEN_INFORMATION_URI,
            rules: descriptors,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        ...(srcRoot ? { originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } } } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(report: CheckReport, rules: readonly AnyRule[], options: SarifOptions): string {
  return JSON.stringify(buildSarif(report, rules, options), null, 2) + '\n';
}

/** An absolute folder as a file URI ending in `/` (originalUriBaseIds requires the slash). */
function toFileUri(folder: string): string {
  if (/^file:/i.test(folder)) return folder.endsWith('/') ? folder : `${folder}/`;
  const posix = folder.replace(/\\/g, '/');
  const withSlash = posix.endsWith('/') ? posix : `${posix}/`;
  const prefixed = withSlash.startsWith('/') ? withSlash : `/${withSlash}`;
  return `file://${prefixed.split('/').map((s) => (/^[A-Za-z]:$/.test(s) ? s : encodeURIComponent(s))).join('/')}`;
}
