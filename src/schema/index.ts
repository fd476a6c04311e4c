/** Placeholder: the schema stage is being written. */
import type { Catalog } from '../core/catalog.js';
import type { Dialect } from '../core/types.js';

export function catalogFromDdl(_sql: string, _dialect: Dialect, source: string): Catalog {
  return { tables: [], sources: [source] };
}
