/**
 * Which schema a run uses: `--schema` sources win over the `schema` config key;
 * with neither, the run builds one from the DDL among the walked files.
 */
import type { Catalog } from '../core/catalog.js';
import type { Dialect, Note } from '../core/types.js';
import path from 'node:path';
import { SchemaError, isDatabaseUrl, loadCatalog } from '../schema/index.js';
import type { ResolvedConfig } from './config.js';

export { SchemaError };

export interface SchemaChoice {
  catalog?: Catalog;
  /** No source given: build from the walked files' DDL. */
  auto: boolean;
  remark?: string;
  notes: Note[];
}

export async function schemaFor(config: ResolvedConfig, opts: { schema?: string[]; dialect?: Dialect }, cwd: string): Promise<SchemaChoice> {
  // --schema paths are relative to where the command runs; config paths to the config's folder.
  const sources =
    opts.schema && opts.schema.length > 0 ? opts.schema : config.schema.map((s) => (isDatabaseUrl(s) ? s : path.resolve(config.dir, s)));
  if (sources.length === 0) return { auto: true, notes: [] };
  const loaded = await loadCatalog(sources, { cwd, ...(opts.dialect ? { dialect: opts.dialect } : {}) });
  return {
    catalog: loaded.catalog,
    auto: false,
    remark: loaded.description,
    notes: loaded.notes.map((reason) => ({ file: 'schema', reason })),
  };
}
