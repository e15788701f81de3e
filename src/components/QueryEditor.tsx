import React from 'react';
import { CoreApp, QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, InlineFieldRow, Stack, Text } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { applyPatch, changeQueryType, incompleteReason, QUERY_TYPE_INFO } from '../queryModel';
import { MessageTraceOptions, MessageTraceQuery, QUERY_TYPES, QueryType } from '../types';
import { FilterRows } from './FilterRows';
import { useDimensions } from './hooks';
import { LABEL_WIDTH } from './options/fields';
import { OptionsProps, TypeOptions } from './options';
import { QueryPreview } from './QueryPreview';

type Props = QueryEditorProps<DataSource, MessageTraceQuery, MessageTraceOptions>;

const TYPE_OPTIONS: Array<ComboboxOption<QueryType>> = QUERY_TYPES.map((t) => ({
  label: QUERY_TYPE_INFO[t].label,
  value: t,
  description: QUERY_TYPE_INFO[t].description,
}));

/**
 * Builder for every query type. Each finished edit (select change, blur, Enter) updates the query
 * and runs it once; typing alone runs nothing.
 */
/** Query types whose table has several number columns: alert rules must pick one. */
const OUTPUT_TYPES: QueryType[] = ['threats', 'campaigns', 'baseline', 'novelty', 'watchlist'];

export function QueryEditor({ query, onChange, onRunQuery, datasource, range, app }: Props) {
  const dimensions = useDimensions(datasource);
  const type: QueryType = query.queryType ?? 'traces';
  const info = QUERY_TYPE_INFO[type];
  const idPrefix = `mt-${query.refId}`;

  const commit = (next: MessageTraceQuery, run = true) => {
    onChange(next);
    if (run && incompleteReason(next) === undefined) {
      onRunQuery();
    }
  };

  const optionsProps: OptionsProps = {
    idPrefix,
    query,
    onChange: (patch, run) => commit(applyPatch(query, patch), run),
  };
  const problem = incompleteReason(query);
  // The table runs fine in a rule's preview, but the rule itself cannot evaluate several numbers.
  const needsOutput = app === CoreApp.UnifiedAlerting && OUTPUT_TYPES.includes(type) && !query.output;

  return (
    <Stack direction="column" gap={0.5}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={LABEL_WIDTH} tooltip={info.description}>
          <Combobox<QueryType>
            id={`${idPrefix}-query-type`}
            width={32}
            options={TYPE_OPTIONS}
            value={type}
            onChange={(v) => v.value !== type && commit(changeQueryType(query, v.value))}
          />
        </InlineField>
      </InlineFieldRow>
      <TypeOptions {...optionsProps} type={type} />
      {info.keys.includes('filters') && (
        <>
          <FilterRows
            idPrefix={idPrefix}
            datasource={datasource}
            filters={query.filters ?? []}
            range={range}
            dimensions={dimensions}
            onChange={(filters, run) => commit({ ...query, filters }, run)}
          />
          <QueryPreview datasource={datasource} query={query} />
        </>
      )}
      {problem && (
        <div role="status" data-testid="query-incomplete">
          <Text color="warning" variant="bodySmall">
            {problem}: the query runs once it is complete.
          </Text>
        </div>
      )}
      {needsOutput && (
        <div role="status" data-testid="query-needs-output">
          <Text color="warning" variant="bodySmall">
            For alert rules, choose an output: a rule needs exactly one number column.
          </Text>
        </div>
      )}
    </Stack>
  );
}
