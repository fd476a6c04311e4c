/**
 * The schema stage: what sqlwarden knows about the database (core/catalog.ts),
 * built from DDL, migration folders, schema.prisma, a live database, a SQLite
 * file or a JSON snapshot, and the lookups schema-aware rules share.
 */
export { catalogFromDdl, applyDdl, applyRowCounts } from './ddl.js';
export { loadCatalog, catalogFromFiles, dumpSchema, type LoadOptions, type LoadedCatalog, type FilesCatalogOptions, type DumpResult } from './load.js';
export { catalogFromPrisma } from './prisma.js';
// The live readers (live-postgres.ts, live-mysql.ts) load their drivers on use: reach them through loadCatalog.
export type { LiveOptions } from './live-postgres.js';
export { readSqliteSchema, isSqliteFile } from './sqlite-file.js';
export { serialiseCatalog, saveSnapshot, loadSnapshot, parseSnapshot, SNAPSHOT_VERSION, DEFAULT_SNAPSHOT_PATH } from './snapshot.js';
export { redactUrl, isDatabaseUrl } from './redact.js';
export { SchemaError } from './errors.js';
export { CatalogBuilder } from './builder.js';
export { normaliseExpr, normaliseSqlText } from './normalise.js';
export { resolveTable, findColumn, isSystemTable, displayName } from './names.js';
export { expressionIndexFor, servingIndex, partialIndexApplies } from './indexes.js';
export { walkScopes, type Scope, type ScopeSource } from './scope.js';
export { listMigrations, compareMigrations, isDownMigration, upSection } from './migrations.js';
export { closestName, editDistance } from './suggest.js';
export { inferCatalogs, type InferredSchemas } from './scoped.js';
