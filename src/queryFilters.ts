import { Filter, FILTER_DIMENSIONS, FilterDimension, MessageTraceQuery } from './types';

// "Filter for value" / "Filter out value" from Explore's log details: the traces frame's fields are
// named after the dimensions, so a field and its value become an eq / neq filter row.

export type FilterAction = 'for' | 'out';

const OP: Record<FilterAction, Filter['op']> = { for: 'eq', out: 'neq' };

/** Dimensions Explore can filter on: every dimension but size, which only compares gt / lt. */
export function isFilterableKey(key: string | undefined): key is FilterDimension {
  return key !== undefined && key !== 'size' && (FILTER_DIMENSIONS as readonly string[]).includes(key);
}

function sameCondition(f: Filter, key: string, value: string): boolean {
  return f.dimension === key && (f.op === 'eq' || f.op === 'neq') && f.values.length === 1 && f.values[0] === value;
}

/** Adds the filter, replacing the opposite one on the same value; a repeat leaves the query as is. */
export function addFilter(
  query: MessageTraceQuery,
  key: string,
  value: string,
  action: FilterAction
): MessageTraceQuery {
  if (!isFilterableKey(key)) {
    return query;
  }
  const filters = query.filters ?? [];
  if (filters.some((f) => sameCondition(f, key, value) && f.op === OP[action])) {
    return query;
  }
  return {
    ...query,
    filters: [
      ...filters.filter((f) => !sameCondition(f, key, value)),
      { dimension: key, op: OP[action], values: [value] },
    ],
  };
}

/** Log details' toggle: a second click on "filter for" removes the filter again. */
export function toggleFilter(
  query: MessageTraceQuery,
  key: string,
  value: string,
  action: FilterAction
): MessageTraceQuery {
  const filters = query.filters ?? [];
  if (filters.some((f) => sameCondition(f, key, value) && f.op === OP[action])) {
    return { ...query, filters: filters.filter((f) => !sameCondition(f, key, value)) };
  }
  return addFilter(query, key, value, action);
}

export function hasFilter(query: MessageTraceQuery, key: string, value: string): boolean {
  return (query.filters ?? []).some((f) => sameCondition(f, key, value) && f.op === 'eq');
}
