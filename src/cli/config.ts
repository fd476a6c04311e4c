/**
 * Configuration: found with lilconfig (sqlwarden.config.{ts,mjs,js,cjs,json},
 * .sqlwardenrc, .sqlwardenrc.json, or a "sqlwarden" key in package.json),
 * validated with zod, and resolved into per-file rules, dialects and migration
 * checks. Every error names the file and the key.
 */
import { existsSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lilconfig, type Loader } from 'lilconfig';
import picomatch from 'picomatch';
import { ts } from '../extract/typescript.js';
import { z } from 'zod';
import type { AnyRule, OptionsSchema } from '../core/rule.js';
import { DIALECTS, type Dialect, type FragmentContext, type SeveritySetting } from '../core/types.js';
import { PRESETS, type PresetName, type ResolvedRule, type RuleSetting, presetSettings, resolveRules } from '../analyse/presets.js';
import type { Detector } from '../extract/detectors.js';
import type { DialectChoice } from '../extract/index.js';

export class ConfigError extends Error {}

const severitySchema = z.union([z.enum(['off', 'warn', 'warning', 'error']), z.literal(0), z.literal(1), z.literal(2)]);
const ruleEntrySchema = z.union([severitySchema, z.tuple([severitySchema]), z.tuple([severitySchema, z.record(z.string(), z.unknown())])]);
const dialectSchema = z.enum(DIALECTS as [Dialect, ...Dialect[]]);
const presetSchema = z.enum(PRESETS);
const contexts = ['statement', 'condition', 'order-by', 'group-by', 'select-list', 'from', 'join'] as const satisfies readonly FragmentContext[];

const detectorSchema = z
  .object({
    callee: z.string().min(1).optional(),
    tag: z.string().min(1).optional(),
    arg: z.number().int().min(0).optional(),
    dialect: dialectSchema.optional(),
    parameterises: z.boolean().optional(),
    library: z.string().optional(),
    context: z.enum(contexts).optional(),
  })
  .strict()
  .refine((d) => (d.callee === undefined) !== (d.tag === undefined), { message: 'give exactly one of "callee" or "tag"' });

const rulesSchema = z.record(z.string(), ruleEntrySchema);
const globsSchema = z.union([z.string(), z.array(z.string())]);

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    extends: z.union([presetSchema, z.array(presetSchema)]).optional(),
    rules: rulesSchema.optional(),
    dialect: dialectSchema.optional(),
    include: z.array(z.string()).optional(),
    exclude: z.array(z.string()).optional(),
    detectors: z.array(detectorSchema).optional(),
    migrations: z.array(z.string()).optional(),
    overrides: z
      .array(
        z
          .object({
            files: globsSchema,
            excludedFiles: globsSchema.optional(),
            dialect: dialectSchema.optional(),
            rules: rulesSchema.optional(),
          })
          .strict(),
      )
      .optional(),
    schema: z.union([z.string(), z.array(z.string())]).optional(),
    maxFileSize: z.number().int().positive().optional(),
  })
  .strict();

export type UserConfig = z.infer<typeof configSchema>;

export const DEFAULT_MIGRATION_GLOBS = [
  '**/migrations/**',
  '**/migration/**',
  '**/migrate/**',
  '**/*.migration.{ts,js,mjs,cjs}',
  '**/{schema,structure}.sql',
  '**/db/schema/**',
  // drizzle-kit output, Flyway and up/down file naming
  '**/drizzle/**/*.sql',
  '**/V[0-9]*__*.sql',
  '**/R__*.sql',
  '**/*.{up,down}.sql',
];

export interface ResolvedConfig {
  /** The config file used, relative to cwd, or undefined for defaults. */
  file?: string;
  dir: string;
  include?: string[];
  exclude: string[];
  detectors: Detector[];
  schema: string[];
  maxFileSize?: number;
  rulesFor(file: string): readonly ResolvedRule[];
  dialectFor(file: string): DialectChoice | undefined;
  isMigration(file: string): boolean;
}

const SEARCH_PLACES = [
  'package.json',
  '.sqlwardenrc',
  '.sqlwardenrc.json',
  'sqlwarden.config.json',
  'sqlwarden.config.ts',
  'sqlwarden.config.mts',
  'sqlwarden.config.mjs',
  'sqlwarden.config.js',
  'sqlwarden.config.cjs',
];

const jsonLoader: Loader = (filepath, content) => {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new ConfigError(`${filepath}: not valid JSON: ${(error as Error).message}`);
  }
};

const esmLoader: Loader = async (filepath) => {
  const mod = (await import(pathToFileURL(filepath).href + `?t=${Date.now()}`)) as { default?: unknown };
  return mod.default ?? mod;
};

/** TypeScript configs are transpiled next to the original (so relative imports resolve), imported, then removed. */
const tsLoader: Loader = async (filepath, content) => {
  const out = ts.transpileModule(content, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  const tmp = `${filepath}.${process.pid}.mjs`;
  writeFileSync(tmp, out.outputText);
  try {
    return await esmLoader(tmp, out.outputText);
  } finally {
    unlinkSync(tmp);
  }
};

export interface LoadConfigOptions {
  cwd: string;
  /** --config path; disables the search. */
  configPath?: string;
  rules: readonly AnyRule[];
  /** --dialect from the command line: wins over the config. */
  cliDialect?: Dialect;
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const explorer = lilconfig('sqlwarden', {
    searchPlaces: SEARCH_PLACES,
    loaders: { '.json': jsonLoader, noExt: jsonLoader, '.ts': tsLoader, '.mts': tsLoader, '.mjs': esmLoader, '.js': esmLoader, '.cjs': esmLoader },
    stopDir: path.parse(options.cwd).root,
  });
  let found: { filepath: string; config: unknown } | null;
  try {
    if (options.configPath) {
      const abs = path.resolve(options.cwd, options.configPath);
      if (!existsSync(abs)) throw new ConfigError(`Config file not found: ${options.configPath}`);
      found = await explorer.load(abs);
    } else {
      found = await explorer.search(options.cwd);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Could not load config: ${(error as Error).message}`);
  }
  const file = found ? path.relative(options.cwd, found.filepath).split(path.sep).join('/') : undefined;
  const dir = found ? path.dirname(found.filepath) : options.cwd;
  const raw = found?.config ?? {};
  return resolveConfig(validateConfig(raw, file ?? '<defaults>', options.rules), { ...options, dir, ...(file ? { file } : {}) });
}

/** Validates the shape with zod, then rule names and rule options against each rule's schema. */
export function validateConfig(raw: unknown, file: string, rules: readonly AnyRule[]): UserConfig {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    const detail = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
    throw new ConfigError(`${file}: invalid config at "${key}": ${detail}`);
  }
  const config = parsed.data;
  const byName = new Map(rules.map((r) => [r.name, r]));
  const checkRules = (entries: Record<string, unknown> | undefined, at: string) => {
    for (const [name, entry] of Object.entries(entries ?? {})) {
      const rule = byName.get(name);
      if (!rule) {
        const close = [...byName.keys()].find((n) => n.includes(name) || name.includes(n));
        throw new ConfigError(`${file}: invalid config at "${at}.${name}": unknown rule "${name}"${close ? ` (did you mean "${close}"?)` : ''}`);
      }
      if (Array.isArray(entry) && entry.length > 1) validateOptions(rule.options, entry[1] as Record<string, unknown>, `${file}: invalid config at "${at}.${name}[1]`);
    }
  };
  checkRules(config.rules, 'rules');
  config.overrides?.forEach((o, i) => checkRules(o.rules, `overrides.${i}.rules`));
  return config;
}

function validateOptions(schema: OptionsSchema, given: Record<string, unknown>, where: string): void {
  for (const [key, value] of Object.entries(given)) {
    const prop = schema.properties[key];
    if (!prop) throw new ConfigError(`${where}.${key}": unknown option (known: ${Object.keys(schema.properties).join(', ') || 'none'})`);
    const ok =
      prop.type === 'array'
        ? Array.isArray(value)
        : prop.type === 'integer'
          ? Number.isInteger(value)
          : typeof value === prop.type;
    if (!ok) throw new ConfigError(`${where}.${key}": expected ${prop.type}, got ${JSON.stringify(value)}`);
    if (prop.minimum !== undefined && typeof value === 'number' && value < prop.minimum) throw new ConfigError(`${where}.${key}": must be at least ${prop.minimum}`);
    if (prop.enum && !prop.enum.includes(value)) throw new ConfigError(`${where}.${key}": must be one of ${prop.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
}

function toSetting(entry: z.infer<typeof ruleEntrySchema>): RuleSetting {
  const [level, options] = Array.isArray(entry) ? entry : [entry, undefined];
  const severity: SeveritySetting = level === 'off' || level === 0 ? 'off' : level === 'warn' || level === 'warning' || level === 1 ? 'warning' : 'error';
  return { severity, ...(options ? { options: options as Record<string, unknown> } : {}) };
}

function settingsOf(rules: Record<string, z.infer<typeof ruleEntrySchema>> | undefined): Map<string, RuleSetting> {
  return new Map(Object.entries(rules ?? {}).map(([name, entry]) => [name, toSetting(entry)]));
}

export function resolveConfig(config: UserConfig, options: LoadConfigOptions & { dir: string; file?: string }): ResolvedConfig {
  const presets: PresetName[] = config.extends === undefined ? ['recommended'] : Array.isArray(config.extends) ? config.extends : [config.extends];
  const base = [...presets.map((p) => presetSettings(p, options.rules)), settingsOf(config.rules)];
  // Globs in the config are relative to the config's folder; files arrive relative to cwd.
  const relToConfig = (file: string) => path.relative(options.dir, path.resolve(options.cwd, file)).split(path.sep).join('/');
  const overrides = (config.overrides ?? []).map((o) => ({
    match: picomatch(Array.isArray(o.files) ? o.files : [o.files], { dot: true, matchBase: !String(o.files).includes('/') }),
    exclude: o.excludedFiles ? picomatch(Array.isArray(o.excludedFiles) ? o.excludedFiles : [o.excludedFiles], { dot: true }) : undefined,
    dialect: o.dialect,
    rules: settingsOf(o.rules),
  }));
  // Asked for every query of every file: answers are kept per file.
  const applicableCache = new Map<string, typeof overrides>();
  const applicable = (file: string) => {
    let hit = applicableCache.get(file);
    if (!hit) {
      const rel = relToConfig(file);
      hit = overrides.filter((o) => o.match(rel) && !(o.exclude && o.exclude(rel)));
      applicableCache.set(file, hit);
    }
    return hit;
  };
  const migrationCache = new Map<string, boolean>();
  const ruleCache = new Map<string, ResolvedRule[]>();
  const isMigration = picomatch(config.migrations ?? DEFAULT_MIGRATION_GLOBS, { dot: true });
  return {
    ...(options.file ? { file: options.file } : {}),
    dir: options.dir,
    ...(config.include ? { include: config.include } : {}),
    exclude: config.exclude ?? [],
    detectors: (config.detectors ?? []).map(toDetector),
    schema: config.schema === undefined ? [] : Array.isArray(config.schema) ? config.schema : [config.schema],
    ...(config.maxFileSize ? { maxFileSize: config.maxFileSize } : {}),
    rulesFor(file) {
      const matched = applicable(file);
      const key = matched.length === 0 ? '' : matched.map((o) => overrides.indexOf(o)).join(',');
      let hit = ruleCache.get(key);
      if (!hit) {
        hit = resolveRules(options.rules, [...base, ...matched.map((o) => o.rules)]);
        ruleCache.set(key, hit);
      }
      return hit;
    },
    dialectFor(file) {
      if (options.cliDialect) return { dialect: options.cliDialect, source: 'cli' };
      const override = applicable(file).reverse().find((o) => o.dialect);
      if (override?.dialect) return { dialect: override.dialect, source: 'config' };
      return config.dialect ? { dialect: config.dialect, source: 'config' } : undefined;
    },
    isMigration: (file) => {
      let hit = migrationCache.get(file);
      if (hit === undefined) migrationCache.set(file, (hit = isMigration(relToConfig(file))));
      return hit;
    },
  };
}

function toDetector(d: z.infer<typeof detectorSchema>): Detector {
  if (d.tag !== undefined) {
    return { kind: 'tag', tag: d.tag, library: d.library ?? 'custom', parameterises: d.parameterises ?? true, ...(d.dialect ? { dialect: d.dialect } : {}) };
  }
  return {
    kind: 'call',
    callee: d.callee!,
    arg: d.arg ?? 0,
    library: d.library ?? 'custom',
    parameterises: d.parameterises ?? true,
    requireSqlShape: false,
    ...(d.dialect ? { dialect: d.dialect } : {}),
    ...(d.context ? { context: d.context } : {}),
  };
}

