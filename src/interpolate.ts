import { AdHocVariableFilter, ScopedVars, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { Dimension, Filter, FilterDimension, FILTER_DIMENSIONS, MessageTraceQuery, Operator } from './types';
import { takesValues } from './queryModel';

export const ALL_VALUE = '$__all';

// Grafana's variable syntaxes: $var, [[var]], [[var:fmt]], ${var}, ${var.field}, ${var:fmt}.
const VARIABLE_PATTERN = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

/** Cap on the values one text can expand into (several multi-value variables multiply). */
const MAX_EXPANSION = 1000;
const SLOT = '\u0000';

export function referencedVariables(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(VARIABLE_PATTERN)) {
    const name = match[1] ?? match[2] ?? match[4];
    if (name) {
      names.push(name);
    }
  }
  return names;
}

function holdsAll(value: unknown): boolean {
  return value === ALL_VALUE || (Array.isArray(value) && value.includes(ALL_VALUE));
}

function currentValue(variable: TypedVariableModel): unknown {
  return 'current' in variable ? variable.current?.value : undefined;
}

/** True when the variable (scoped or dashboard-wide) stands at "All". */
export function isAllSelected(name: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): boolean {
  const scoped = scopedVars?.[name];
  if (scoped) {
    return holdsAll(scoped.value);
  }
  const variable = templateSrv.getVariables().find((v) => v.name === name);
  return variable !== undefined && holdsAll(currentValue(variable));
}

/**
 * Interpolates one text into the list of values it stands for: a multi-value variable yields one
 * value per selected option (`*@$domain` with [a, b] gives `*@a`, `*@b`), several such variables
 * give every combination. Returns null when a referenced variable is at "All": the caller drops the
 * condition instead of sending a custom all-value such as `.*` as a literal.
 */
export function expandValues(text: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string[] | null {
  if (referencedVariables(text).some((name) => isAllSelected(name, templateSrv, scopedVars))) {
    return null;
  }
  const slots: string[][] = [];
  // The format function sees each variable's value before it is joined; park it in a slot.
  const template = templateSrv.replace(text, scopedVars, (value: unknown) => {
    slots.push(Array.isArray(value) ? value.map(String) : [String(value ?? '')]);
    return `${SLOT}${slots.length - 1}${SLOT}`;
  });
  const parts = template.split(SLOT);
  let results = [''];
  parts.forEach((part, i) => {
    const options = i % 2 === 1 ? (slots[Number(part)] ?? ['']) : [part];
    const next: string[] = [];
    for (const prefix of results) {
      for (const option of options) {
        if (next.length < MAX_EXPANSION) {
          next.push(prefix + option);
        }
      }
    }
    results = next;
  });
  return Array.from(new Set(results.filter((v) => v !== '')));
}

/** A single-valued text field: first expansion, or '' when empty or at "All". */
function interpolateText(
  text: string | undefined,
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars
): string | undefined {
  if (text === undefined || text === '') {
    return text;
  }
  return expandValues(text, templateSrv, scopedVars)?.[0] ?? '';
}

function interpolateDimension(
  dimension: Dimension | undefined,
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars
): Dimension | undefined {
  if (!dimension) {
    return dimension;
  }
  // The backend validates the name; an unknown one comes back as a clear query error.
  const value = interpolateText(dimension, templateSrv, scopedVars);
  return value ? (value as Dimension) : undefined;
}

/** Filter values expanded; rows at "All" or left without values are dropped (no condition), except the
 * operators that take none. */
export function interpolateFilters(
  filters: Filter[] | undefined,
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars
): Filter[] {
  const out: Filter[] = [];
  for (const filter of filters ?? []) {
    if (!takesValues(filter.op)) {
      // home, embargoed …: the backend fills in the tenant profile's countries.
      out.push({ dimension: filter.dimension, op: filter.op, values: [] });
      continue;
    }
    let values: string[] = [];
    let all = false;
    for (const raw of filter.values ?? []) {
      const expanded = expandValues(raw, templateSrv, scopedVars);
      if (expanded === null) {
        all = true;
        break;
      }
      values.push(...expanded);
    }
    values = Array.from(new Set(values));
    if (!all && values.length > 0) {
      out.push({ dimension: filter.dimension, op: filter.op, values });
    }
  }
  return out;
}

const AD_HOC_OPERATORS: Record<string, Operator> = {
  '=': 'eq',
  '!=': 'neq',
  '=|': 'in',
  '!=|': 'notIn',
  '=~': 'regex',
  '>': 'gt',
  '<': 'lt',
};

/** Dashboard ad-hoc filters become ordinary filter rows; unsupported keys or operators are skipped. */
export function adHocToFilters(filters: AdHocVariableFilter[] | undefined): Filter[] {
  const out: Filter[] = [];
  for (const f of filters ?? []) {
    const op = AD_HOC_OPERATORS[f.operator];
    const dimension = FILTER_DIMENSIONS.find((d) => d === f.key);
    const values = f.values && f.values.length > 0 ? f.values : [f.value];
    if (op && dimension && values.some((v) => v !== '')) {
      out.push({ dimension: dimension as FilterDimension, op, values: values.filter((v) => v !== '') });
    }
  }
  return out;
}

/** Interpolates every text field of a query; numbers and booleans pass through. */
export function interpolateQuery(
  query: MessageTraceQuery,
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars,
  adHocFilters?: AdHocVariableFilter[]
): MessageTraceQuery {
  const out: MessageTraceQuery = { ...query };
  if (query.filters !== undefined || (adHocFilters && adHocFilters.length > 0)) {
    out.filters = [...interpolateFilters(query.filters, templateSrv, scopedVars), ...adHocToFilters(adHocFilters)];
  }
  if (query.groupBy) {
    // A multi-value variable may stand for several dimensions; "All" removes the grouping.
    out.groupBy = query.groupBy
      .flatMap((d) => expandValues(d, templateSrv, scopedVars) ?? [])
      .map((d) => d as Dimension);
  }
  if (query.excludeCountries) {
    // As with filter values: a multi-value variable adds one code per value, one at "All" adds none.
    const codes = query.excludeCountries.flatMap((c) => expandValues(c, templateSrv, scopedVars) ?? []);
    out.excludeCountries = Array.from(new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== '')));
  }
  for (const key of ['splitBy', 'metricDimension', 'dimension'] as const) {
    if (query[key] !== undefined) {
      out[key] = interpolateDimension(query[key], templateSrv, scopedVars);
    }
  }
  for (const key of ['interval', 'window', 'prefix', 'traceId', 'recipient'] as const) {
    if (query[key] !== undefined) {
      out[key] = interpolateText(query[key], templateSrv, scopedVars);
    }
  }
  return out;
}
