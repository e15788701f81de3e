import React from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Stack } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { applyPatch } from '../queryModel';
import { MessageTraceOptions, MessageTraceQuery } from '../types';
import { FilterRows } from './FilterRows';
import { useDimensions } from './hooks';
import { ValuesOptions } from './options/ValuesOptions';

type Props = QueryEditorProps<DataSource, MessageTraceQuery, MessageTraceOptions, MessageTraceQuery>;

/** The values of one dimension, optionally narrowed by filters (e.g. recipients of `$sender`). */
export function VariableQueryEditor({ query, onChange, datasource, range }: Props) {
  const dimensions = useDimensions(datasource);
  // Variable queries saved before a dimension was picked start from the default.
  const current: MessageTraceQuery = {
    ...query,
    refId: query.refId || 'variable',
    queryType: 'values',
    dimension: query.dimension ?? 'sender',
  };
  const idPrefix = `mt-var-${current.refId}`;

  return (
    <Stack direction="column" gap={0.5}>
      <ValuesOptions idPrefix={idPrefix} query={current} onChange={(patch) => onChange(applyPatch(current, patch))} />
      <FilterRows
        idPrefix={idPrefix}
        datasource={datasource}
        filters={current.filters ?? []}
        range={range}
        dimensions={dimensions}
        onChange={(filters) => onChange({ ...current, filters })}
      />
    </Stack>
  );
}
