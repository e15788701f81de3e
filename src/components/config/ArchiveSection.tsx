import React, { useState } from 'react';
import { SelectableValue } from '@grafana/data';
import { Field, FieldSet, Input, RadioButtonGroup, SecretInput, Text } from '@grafana/ui';

import { ArchiveKind, ArchiveOptions } from '../../types';
import { INPUT_WIDTH, SectionProps } from './types';

export const ARCHIVE_DEFAULTS = { retentionDays: 400, backfillDays: 90, minRetentionDays: 91, maxRetentionDays: 3650 };

const KIND_OPTIONS: Array<SelectableValue<ArchiveKind>> = [
  { label: 'SQLite', value: 'sqlite', description: 'A file on the Grafana server (one Grafana instance)' },
  { label: 'PostgreSQL', value: 'postgres', description: 'Shared by every Grafana replica (HA); one collects' },
  { label: 'Off', value: 'off', description: 'Keep traces in memory only; every restart loads them again' },
];

type ArchiveField = 'path' | 'retentionDays' | 'backfillDays' | 'memoryCapMB' | 'archiveDsn';

/** The archive kind in effect: the backend's default when none is set. */
export function archiveKind(archive: ArchiveOptions | undefined, demo: boolean): ArchiveKind {
  return archive?.kind ?? (demo ? 'off' : 'sqlite');
}

/** Problems with the archive settings, keyed by field; the backend checks the same. */
export function archiveErrors(
  archive: ArchiveOptions | undefined,
  memoryCapMB: number | undefined,
  dsnSet: boolean,
  demo: boolean
): Partial<Record<ArchiveField, string>> {
  const errors: Partial<Record<ArchiveField, string>> = {};
  const kind = archiveKind(archive, demo);
  const path = archive?.path ?? '';
  if (kind === 'sqlite' && path !== '' && !path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) {
    errors.path = 'Give the full path of the file on the Grafana server, or leave it empty';
  }
  if (kind === 'postgres' && !dsnSet) {
    errors.archiveDsn = 'Enter the connection string, e.g. host=db.example.com dbname=exotrace user=grafana';
  }
  const r = archive?.retentionDays;
  if (
    r !== undefined &&
    (!Number.isInteger(r) || r < ARCHIVE_DEFAULTS.minRetentionDays || r > ARCHIVE_DEFAULTS.maxRetentionDays)
  ) {
    errors.retentionDays = `Use ${ARCHIVE_DEFAULTS.minRetentionDays}–${ARCHIVE_DEFAULTS.maxRetentionDays} days: below ${ARCHIVE_DEFAULTS.minRetentionDays} the archive would delete traces Microsoft still keeps`;
  }
  const b = archive?.backfillDays;
  if (b !== undefined && (!Number.isInteger(b) || b < 0 || b > ARCHIVE_DEFAULTS.backfillDays)) {
    errors.backfillDays = `Use 0 (off) to ${ARCHIVE_DEFAULTS.backfillDays} days: Microsoft keeps ${ARCHIVE_DEFAULTS.backfillDays}`;
  }
  if (memoryCapMB !== undefined && (!Number.isInteger(memoryCapMB) || memoryCapMB < 64)) {
    errors.memoryCapMB = 'Use at least 64 MB, or leave it empty for 1024 MB';
  }
  return errors;
}

interface CountFieldProps {
  id: string;
  label: string;
  description: string;
  value: number | undefined;
  placeholder: number;
  /** The range error of the saved value, once touched. */
  error: string | undefined;
  onChange: (v: number | undefined) => void;
  onBlur: () => void;
}

/**
 * A whole number of days or MB. The typed text is kept as typed; only a whole
 * number (or nothing, for the default) reaches the settings, so a typo never
 * replaces the saved value.
 */
function CountField({ id, label, description, value, placeholder, error, onChange, onBlur }: CountFieldProps) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
  const t = text.trim();
  const notNumber = t !== '' && !/^\d+$/.test(t);
  const shown = notNumber ? 'Enter a whole number' : error;
  return (
    <Field label={label} description={description} invalid={!!shown} error={shown}>
      <Input
        id={id}
        width={12}
        inputMode="numeric"
        value={text}
        placeholder={String(placeholder)}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setText(next);
          const n = next.trim();
          if (n === '') {
            onChange(undefined);
          } else if (/^\d+$/.test(n)) {
            onChange(Number(n));
          }
        }}
        onBlur={onBlur}
      />
    </Field>
  );
}

/** Where fetched traces are kept durably, how long, and the memory cap of the in-memory store. */
export function ArchiveSection(props: SectionProps & { demo: boolean }) {
  const { demo, jsonData, secureJsonData, configured, update, updateSecret, resetSecret } = props;
  const [touched, setTouched] = useState<Partial<Record<ArchiveField, boolean>>>({});
  const archive = jsonData.archive ?? {};
  const kind = archiveKind(jsonData.archive, demo);
  const dsnSet = !!configured.archiveDsn || !!secureJsonData.archiveDsn;
  const all = archiveErrors(jsonData.archive, jsonData.memoryCapMB, dsnSet, demo);
  const shown = (f: ArchiveField) => (touched[f] ? all[f] : undefined);
  const touch = (f: ArchiveField) => setTouched((t) => ({ ...t, [f]: true }));
  const setArchive = (patch: Partial<ArchiveOptions>) => update({ archive: { ...archive, ...patch } });
  const kinds = demo ? KIND_OPTIONS.filter((o) => o.value !== 'postgres') : KIND_OPTIONS;

  return (
    <FieldSet label="Archive">
      <Text color="secondary">
        Fetched traces are kept on disk so that a restart does not load them from Microsoft again and history outlives
        Microsoft&apos;s 90 days.
      </Text>
      <Field label="Archive" description="Where fetched traces are kept">
        <RadioButtonGroup options={kinds} value={kind} onChange={(v) => setArchive({ kind: v })} />
      </Field>
      {kind === 'sqlite' && (
        <Field
          label="Archive file"
          description="SQLite file on the Grafana server; empty = exotrace-archive/<uid>.sqlite under Grafana's data directory"
          invalid={!!shown('path')}
          error={shown('path')}
        >
          <Input
            id="mt-archive-path"
            width={INPUT_WIDTH}
            value={archive.path ?? ''}
            placeholder="/var/lib/grafana/exotrace-archive/<uid>.sqlite"
            onChange={(e) => setArchive({ path: e.currentTarget.value || undefined })}
            onBlur={() => touch('path')}
          />
        </Field>
      )}
      {kind === 'postgres' && (
        <Field
          label="PostgreSQL connection string"
          description="libpq key=value pairs or a postgres:// URL; stored encrypted, never shown again"
          invalid={!!shown('archiveDsn')}
          error={shown('archiveDsn')}
          required
        >
          <SecretInput
            id="mt-archive-dsn"
            width={INPUT_WIDTH}
            isConfigured={!!configured.archiveDsn}
            value={secureJsonData.archiveDsn ?? ''}
            placeholder="host=db.example.com dbname=exotrace user=grafana password=…"
            onChange={(e) => updateSecret('archiveDsn', e.currentTarget.value)}
            onBlur={() => touch('archiveDsn')}
            onReset={() => resetSecret('archiveDsn')}
          />
        </Field>
      )}
      {kind !== 'off' && (
        <>
          <CountField
            id="mt-archive-retention"
            label="Retention (days)"
            description={`Archived traces older than this are deleted daily (default ${ARCHIVE_DEFAULTS.retentionDays})`}
            value={archive.retentionDays}
            placeholder={ARCHIVE_DEFAULTS.retentionDays}
            error={shown('retentionDays')}
            onChange={(v) => setArchive({ retentionDays: v })}
            onBlur={() => touch('retentionDays')}
          />
          {!demo && (
            <CountField
              id="mt-archive-backfill"
              label="Backfill (days)"
              description={`Past days loaded into the archive on first configuration, newest first, inside the request budget (default ${ARCHIVE_DEFAULTS.backfillDays}; 0 = off)`}
              value={archive.backfillDays}
              placeholder={ARCHIVE_DEFAULTS.backfillDays}
              error={shown('backfillDays')}
              onChange={(v) => setArchive({ backfillDays: v })}
              onBlur={() => touch('backfillDays')}
            />
          )}
        </>
      )}
      <CountField
        id="mt-memory-cap"
        label="Memory cap (MB)"
        description="Traces held in memory, measured against the plugin's live heap; older ranges are read from the archive (default 1024)"
        value={jsonData.memoryCapMB}
        placeholder={1024}
        error={shown('memoryCapMB')}
        onChange={(v) => update({ memoryCapMB: v })}
        onBlur={() => touch('memoryCapMB')}
      />
    </FieldSet>
  );
}
