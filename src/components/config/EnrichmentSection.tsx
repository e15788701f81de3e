import React from 'react';
import { ConfigSection } from '@grafana/plugin-ui';
import { Field, Input, Text } from '@grafana/ui';

import { MessageTraceOptions } from '../../types';
import { INPUT_WIDTH, SectionProps } from './types';

type PathKey = 'geoDatabasePath' | 'threatIntelPath';

interface PathFieldProps extends SectionProps {
  field: PathKey;
  id: string;
  label: string;
  description: string;
  placeholder: string;
}

function PathField({ field, id, label, description, placeholder, jsonData, errors, update, touch }: PathFieldProps) {
  const value = jsonData[field] ?? '';
  const set = (next: string) => {
    const patch: Partial<MessageTraceOptions> = {};
    patch[field] = next || undefined;
    update(patch);
  };
  return (
    <Field label={label} description={description} invalid={!!errors[field]} error={errors[field]}>
      <Input
        id={id}
        width={INPUT_WIDTH}
        value={value}
        placeholder={placeholder}
        // Not trimmed while typing: paths may contain spaces.
        onChange={(e) => set(e.currentTarget.value)}
        onBlur={() => {
          if (value.trim() !== value) {
            set(value.trim());
          }
          touch(field);
        }}
      />
    </Field>
  );
}

/** Optional files that enable geo and threat queries in tenant mode; the demo tenant has its own. */
export function EnrichmentSection(props: SectionProps & { demo: boolean }) {
  const { demo, ...section } = props;
  if (demo) {
    return (
      <ConfigSection title="Enrichment">
        <Text color="secondary">
          The demo tenant ships its own IP-to-country table and threat-intel feed, so geo and threat queries work
          without any files.
        </Text>
      </ConfigSection>
    );
  }
  return (
    <ConfigSection title="Enrichment">
      <PathField
        {...section}
        field="geoDatabasePath"
        id="mt-geo-database-path"
        label="IP-to-country database"
        description="Path on the Grafana server to a MaxMind Country/City .mmdb or an IP-to-country CSV (start_ip,end_ip,country), optionally .gz, reloaded when it changes; empty = the shipped ip-location-db database"
        placeholder="/var/lib/grafana/geo/ip-country.csv.gz"
      />
      <PathField
        {...section}
        field="threatIntelPath"
        id="mt-threat-intel-path"
        label="Threat-intel feed"
        description="Path on the Grafana server to a threat-intel feed, .csv (indicator,kind,confidence,actor,labels) or .json; empty = no threat queries"
        placeholder="/var/lib/grafana/intel/feed.json"
      />
    </ConfigSection>
  );
}
