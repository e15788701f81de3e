import {
  dateTime,
  ScopedVars,
  standardTransformers,
  standardTransformersRegistry,
  TimeRange,
  TypedVariableModel,
} from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import type { DataSource } from './datasource';
import { DimensionsResponse, PreviewResponse } from './types';

export interface FakeVariable {
  name: string;
  /** Selected value(s); '$__all' for All. */
  current: string | string[];
  options?: string[];
  allValue?: string;
}

/**
 * A template service with Grafana's observable behaviour for what the plugin uses: $var, ${var} and
 * [[var]] syntax, multi-value arrays handed to a custom format function, "All" expanded to every
 * option (or to allValue when set), scoped variables taking precedence.
 */
export class FakeTemplateSrv implements TemplateSrv {
  constructor(private readonly vars: FakeVariable[] = []) {}

  getVariables(): TypedVariableModel[] {
    return this.vars.map(
      (v) =>
        ({
          name: v.name,
          type: 'custom',
          current: { value: v.current, text: v.current, selected: true },
          options: [],
        }) as unknown as TypedVariableModel
    );
  }

  containsTemplate(target?: string): boolean {
    return !!target && /\$\w+|\$\{\w+|\[\[\w+/.test(target);
  }

  updateTimeRange(_timeRange: TimeRange): void {}

  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(/\$(\w+)|\$\{(\w+)(?::[^}]+)?\}|\[\[(\w+)\]\]/g, (match, a, b, c) => {
      const name: string = a ?? b ?? c;
      let value: unknown;
      const scoped = scopedVars?.[name];
      if (scoped) {
        value = scoped.value;
      } else {
        const v = this.vars.find((x) => x.name === name);
        if (!v) {
          return match;
        }
        const isAll = v.current === '$__all' || (Array.isArray(v.current) && v.current.includes('$__all'));
        value = isAll ? (v.allValue ?? v.options ?? []) : v.current;
      }
      if (typeof format === 'function') {
        return format(value);
      }
      return Array.isArray(value)
        ? value.length > 1
          ? `{${value.join(',')}}`
          : String(value[0] ?? '')
        : String(value);
    });
  }
}

export const RANGE: TimeRange = {
  from: dateTime(Date.UTC(2026, 0, 1)),
  to: dateTime(Date.UTC(2026, 0, 2)),
  raw: { from: 'now-24h', to: 'now' },
};

export interface FakeResources {
  values?: (params: Record<string, string | number>) => string[];
  preview?: PreviewResponse | Error;
  dimensions?: DimensionsResponse | Error;
}

/** A data source object with just what the editors call, answering from fixtures. */
export function fakeDatasource(resources: FakeResources = {}) {
  const getValues = jest.fn(
    async (dimension: string, range?: TimeRange, prefix?: string, limit?: number): Promise<string[]> =>
      resources.values?.({ dimension, prefix: prefix ?? '', limit: limit ?? 50, from: range?.from.valueOf() ?? 0 }) ??
      []
  );
  const preview = jest.fn(async () => {
    const p = resources.preview ?? { pushdown: '', local: [] };
    if (p instanceof Error) {
      throw p;
    }
    return p;
  });
  const getDimensions = jest.fn(async () => {
    const d = resources.dimensions;
    return d instanceof Error ? undefined : d;
  });
  return { getValues, preview, getDimensions } as unknown as DataSource & {
    getValues: jest.Mock;
    preview: jest.Mock;
    getDimensions: jest.Mock;
  };
}

/**
 * Registers @grafana/data's standard transformations, which Grafana's server registers at start,
 * so tests and the browser harness can run a panel's transformations as Grafana would.
 */
export function initTransformers() {
  standardTransformersRegistry.setInit(() => {
    const seen = new Set<string>();
    return Object.values(standardTransformers)
      .filter((t) => !seen.has(t.id) && seen.add(t.id))
      .map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        transformation: t,
        editor: () => null,
        imageDark: '',
        imageLight: '',
      }));
  });
}
