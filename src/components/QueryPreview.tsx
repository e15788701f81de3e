import React, { useEffect, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Stack, useStyles2 } from '@grafana/ui';

import type { DataSource } from '../datasource';
import { MessageTraceQuery, PreviewResponse } from '../types';

interface Props {
  datasource: DataSource;
  query: MessageTraceQuery;
}

type State = { status: 'loading' } | { status: 'ok'; preview: PreviewResponse } | { status: 'error' };

const PREVIEW_DELAY_MS = 400;

/** Read-only: which part of the filters Graph applies ($filter) and which the backend applies itself. */
export function QueryPreview({ datasource, query }: Props) {
  const styles = useStyles2(getStyles);
  const [state, setState] = useState<State>({ status: 'loading' });
  // Only the model matters; refId or hide changes need no new preview.
  const key = JSON.stringify({ queryType: query.queryType, filters: query.filters });

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      datasource
        .preview(JSON.parse(key))
        .then((preview) => live && setState({ status: 'ok', preview }))
        .catch(() => live && setState({ status: 'error' }));
    }, PREVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [datasource, key]);

  return (
    <div className={styles.box} data-testid="filter-preview" aria-live="polite">
      {state.status === 'error' && (
        <span className={styles.muted}>
          Filter preview unavailable (the backend did not answer); the query still runs.
        </span>
      )}
      {state.status === 'loading' && <span className={styles.muted}>Working out the filter preview…</span>}
      {state.status === 'ok' && (
        <Stack direction="column" gap={0.25}>
          <div>
            <span className={styles.label}>Graph $filter</span>
            {state.preview.pushdown ? (
              <code data-testid="preview-pushdown">{state.preview.pushdown}</code>
            ) : (
              <span className={styles.muted}>none (only the time range narrows the fetch)</span>
            )}
          </div>
          <div>
            <span className={styles.label}>Filtered locally</span>
            {state.preview.local.length > 0 ? (
              state.preview.local.map((condition, i) => (
                <code key={i} className={styles.condition} data-testid="preview-local">
                  {condition}
                </code>
              ))
            ) : (
              <span className={styles.muted}>nothing else</span>
            )}
          </div>
        </Stack>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    marginTop: theme.spacing(0.5),
    padding: theme.spacing(0.5, 1),
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  label: css({
    display: 'inline-block',
    minWidth: theme.spacing(16),
    color: theme.colors.text.secondary,
  }),
  condition: css({
    marginRight: theme.spacing(1),
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
