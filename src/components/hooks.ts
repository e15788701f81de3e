import { useEffect, useMemo, useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

import type { DataSource } from '../datasource';
import { DimensionsResponse } from '../types';

/** The backend's dimension / operator table, or undefined while loading or when it is unreachable. */
export function useDimensions(datasource: DataSource): DimensionsResponse | undefined {
  const [dimensions, setDimensions] = useState<DimensionsResponse | undefined>();
  useEffect(() => {
    let live = true;
    datasource.getDimensions().then((d) => live && setDimensions(d));
    return () => {
      live = false;
    };
  }, [datasource]);
  return dimensions;
}

/** Dashboard variables as `$name` options, so a dimension or value can be a variable. */
export function useVariableOptions(): Array<SelectableValue<string>> {
  return useMemo(() => {
    try {
      return getTemplateSrv()
        .getVariables()
        .map((v) => ({ label: `$${v.name}`, value: `$${v.name}`, description: 'Dashboard variable' }));
    } catch {
      return []; // no template service (e.g. outside a dashboard)
    }
  }, []);
}
