import React from 'react';
import { TimeRange } from '@grafana/data';
import { Button, Combobox, ComboboxOption, IconButton, InlineLabel, Stack, Text } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { DIMENSION_LABELS, OPERATOR_LABELS, operatorsFor, takesValues } from '../queryModel';
import { DimensionsResponse, Filter, FILTER_DIMENSIONS, FilterDimension, Operator } from '../types';
import { HiddenLabel, LABEL_WIDTH } from './options/fields';
import { ValuesInput } from './ValuesInput';

interface Props {
  idPrefix: string;
  datasource: DataSource;
  filters: Filter[];
  range?: TimeRange;
  dimensions?: DimensionsResponse;
  /** run = false for edits that cannot change the result (e.g. adding an empty row). */
  onChange: (filters: Filter[], run: boolean) => void;
}

const DIMENSION_OPTIONS: Array<ComboboxOption<FilterDimension>> = FILTER_DIMENSIONS.map((d) => ({
  label: DIMENSION_LABELS[d],
  value: d,
}));

export const NEW_FILTER: Filter = { dimension: 'sender', op: 'eq', values: [] };

/** A row is sent when it has values, or when its operator takes none (home, embargoed …). */
export function isActive(filter: Filter): boolean {
  return filter.values.length > 0 || !takesValues(filter.op);
}

export function FilterRows({ idPrefix, datasource, filters, range, dimensions, onChange }: Props) {
  const update = (index: number, next: Filter) => {
    const copy = [...filters];
    const before = copy[index];
    copy[index] = next;
    // Rows without values are not sent, so editing one only matters once it is sent.
    onChange(copy, isActive(next) || isActive(before));
  };

  return (
    <Stack direction="row" gap={0.5} alignItems="flex-start">
      <InlineLabel
        width={LABEL_WIDTH}
        tooltip="Conditions are ANDed. Rows without values are ignored, except the tenant-profile operators (home, embargoed), which take none."
      >
        Filters
      </InlineLabel>
      <Stack direction="column" gap={0.5}>
        {filters.map((filter, index) => {
          const ops = operatorsFor(filter.dimension, dimensions?.operators);
          const id = `${idPrefix}-filter-${index}`;
          return (
            <div key={index} data-testid="filter-row">
              <Stack direction="row" gap={0.5} alignItems="center">
                <HiddenLabel htmlFor={`${id}-dimension`}>Filter dimension</HiddenLabel>
                <Combobox<FilterDimension>
                  id={`${id}-dimension`}
                  width={20}
                  options={DIMENSION_OPTIONS}
                  value={filter.dimension}
                  onChange={(v) => {
                    const dimension = v.value;
                    const allowed = operatorsFor(dimension, dimensions?.operators);
                    update(index, {
                      dimension,
                      op: allowed.includes(filter.op) ? filter.op : allowed[0],
                      values: [],
                    });
                  }}
                />
                <HiddenLabel htmlFor={`${id}-op`}>Filter operator</HiddenLabel>
                <Combobox<Operator>
                  id={`${id}-op`}
                  width={16}
                  options={ops.map((op) => ({ label: OPERATOR_LABELS[op], value: op, description: op }))}
                  value={filter.op}
                  onChange={(v) =>
                    update(index, { ...filter, op: v.value, values: takesValues(v.value) ? filter.values : [] })
                  }
                />
                {takesValues(filter.op) ? (
                  <ValuesInput
                    id={`${id}-values`}
                    datasource={datasource}
                    dimension={filter.dimension}
                    values={filter.values}
                    range={range}
                    statuses={dimensions?.statuses}
                    onChange={(values) => update(index, { ...filter, values })}
                  />
                ) : (
                  <Text color="secondary" italic>
                    countries of the tenant profile
                  </Text>
                )}
                <IconButton
                  name="trash-alt"
                  aria-label={`Remove filter ${index + 1}`}
                  onClick={() =>
                    onChange(
                      filters.filter((_, i) => i !== index),
                      isActive(filter)
                    )
                  }
                />
              </Stack>
            </div>
          );
        })}
        <div>
          <Button
            variant="secondary"
            size="sm"
            icon="plus"
            aria-label="Add filter"
            onClick={() => onChange([...filters, NEW_FILTER], false)}
          >
            Filter
          </Button>
        </div>
      </Stack>
    </Stack>
  );
}
