/**
 * The rule registry. The consistency test checks that it lists every file in
 * this folder, in alphabetical order.
 */
import type { AnyRule } from '../src/core/rule.js';
import largeTableScan from './large-table-scan.js';
import missingIndex from './missing-index.js';
import noCartesianJoin from './no-cartesian-join.js';
import noDeleteWithoutWhere from './no-delete-without-where.js';
import noDestructiveStatement from './no-destructive-statement.js';
import noLargeOffset from './no-large-offset.js';
import noLeadingWildcardLike from './no-leading-wildcard-like.js';
import noNonSargablePredicate from './no-non-sargable-predicate.js';
import noNotInSubquery from './no-not-in-subquery.js';
import noOrderByRandom from './no-order-by-random.js';
import noQueryInLoop from './no-query-in-loop.js';
import noSelectStar from './no-select-star.js';
import noTautologicalWhere from './no-tautological-where.js';
import noUnboundedSelect from './no-unbounded-select.js';
import noUnsafeInterpolation from './no-unsafe-interpolation.js';
import noUpdateWithoutWhere from './no-update-without-where.js';
import parseError from './parse-error.js';
import unknownColumn from './unknown-column.js';
import unknownTable from './unknown-table.js';
import unusedDisable from './unused-disable.js';

export const ALL_RULES: readonly AnyRule[] = [
  largeTableScan,
  missingIndex,
  noCartesianJoin,
  noDeleteWithoutWhere,
  noDestructiveStatement,
  noLargeOffset,
  noLeadingWildcardLike,
  noNonSargablePredicate,
  noNotInSubquery,
  noOrderByRandom,
  noQueryInLoop,
  noSelectStar,
  noTautologicalWhere,
  noUnboundedSelect,
  noUnsafeInterpolation,
  noUpdateWithoutWhere,
  parseError,
  unknownColumn,
  unknownTable,
  unusedDisable,
];
