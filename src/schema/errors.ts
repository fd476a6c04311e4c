/**
 * A schema source that cannot be used at all (missing file, invalid snapshot,
 * unreachable database). The CLI reports it like a config error (exit 2);
 * statements that merely do not parse are notes, not errors.
 */
export class SchemaError extends Error {
  override name = 'SchemaError';
}
