import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { MessageTraceOptions, MessageTraceSecureJsonData } from '../../types';
import { ArchiveSection, archiveErrors } from './ArchiveSection';
import { SecretKey } from './types';

interface State {
  jsonData: MessageTraceOptions;
  secureJsonData: MessageTraceSecureJsonData;
  configured: Partial<Record<SecretKey, boolean>>;
}

function renderSection(initial: Partial<State>, demo = false) {
  const changes: State[] = [];
  function Stateful() {
    const [state, setState] = useState<State>({ jsonData: {}, secureJsonData: {}, configured: {}, ...initial });
    const set = (next: State) => {
      changes.push(next);
      setState(next);
    };
    return (
      <ArchiveSection
        demo={demo}
        jsonData={state.jsonData}
        secureJsonData={state.secureJsonData}
        configured={state.configured}
        errors={{}}
        update={(patch) => set({ ...state, jsonData: { ...state.jsonData, ...patch } })}
        updateSecret={(key, value) => set({ ...state, secureJsonData: { ...state.secureJsonData, [key]: value } })}
        resetSecret={(key) =>
          set({
            ...state,
            configured: { ...state.configured, [key]: false },
            secureJsonData: { ...state.secureJsonData, [key]: '' },
          })
        }
        touch={() => {}}
      />
    );
  }
  const user = userEvent.setup();
  render(<Stateful />);
  return { user, last: (): State => changes[changes.length - 1] };
}

describe('ArchiveSection', () => {
  it('defaults to SQLite in tenant mode, with the file, retention, backfill and memory cap', () => {
    renderSection({});
    expect(screen.getByRole('radio', { name: 'SQLite' })).toBeChecked();
    expect(screen.getByLabelText(/Archive file/)).toHaveAttribute(
      'placeholder',
      '/var/lib/grafana/exotrace-archive/<uid>.sqlite'
    );
    expect(screen.getByLabelText(/Retention \(days\)/)).toHaveAttribute('placeholder', '400');
    expect(screen.getByLabelText(/Backfill \(days\)/)).toHaveAttribute('placeholder', '90');
    expect(screen.getByLabelText(/Memory cap \(MB\)/)).toHaveAttribute('placeholder', '1024');
  });

  it('defaults to off in demo mode and offers no PostgreSQL there', () => {
    renderSection({}, true);
    expect(screen.getByRole('radio', { name: 'Off' })).toBeChecked();
    expect(screen.queryByRole('radio', { name: 'PostgreSQL' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Retention/)).not.toBeInTheDocument();
  });

  it('stores the PostgreSQL connection string as a secret and asks for it when missing', async () => {
    const { user, last } = renderSection({});
    await user.click(screen.getByRole('radio', { name: 'PostgreSQL' }));
    expect(last().jsonData).toEqual({ archive: { kind: 'postgres' } });
    const dsn = screen.getByLabelText(/PostgreSQL connection string/);
    await user.click(dsn);
    await user.tab();
    expect(screen.getByText(/Enter the connection string/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/PostgreSQL connection string/), 'host=db password=pw');
    expect(last().secureJsonData).toEqual({ archiveDsn: 'host=db password=pw' });
    expect(last().jsonData).toEqual({ archive: { kind: 'postgres' } });
  });

  it('shows a configured connection string as configured, and resets it', async () => {
    const { user, last } = renderSection({
      jsonData: { archive: { kind: 'postgres' } },
      configured: { archiveDsn: true },
    });
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().configured).toEqual({ archiveDsn: false });
    expect(last().secureJsonData).toEqual({ archiveDsn: '' });
  });

  it('keeps the saved number while a typo is shown as an error', async () => {
    const { user, last } = renderSection({ jsonData: { archive: { retentionDays: 500 } } });
    const field = screen.getByLabelText(/Retention \(days\)/);
    await user.clear(field);
    await user.type(field, '30');
    await user.tab();
    expect(last().jsonData.archive?.retentionDays).toBe(30);
    expect(screen.getByText(/Use 91–3650 days/)).toBeInTheDocument();
    await user.type(field, 'x');
    expect(screen.getByText('Enter a whole number')).toBeInTheDocument();
    expect(last().jsonData.archive?.retentionDays).toBe(30);
  });

  it('sets the memory cap in MB', async () => {
    const { user, last } = renderSection({});
    await user.type(screen.getByLabelText(/Memory cap \(MB\)/), '1536');
    expect(last().jsonData.memoryCapMB).toBe(1536);
  });
});

describe('archiveErrors', () => {
  it.each([
    [{ path: 'relative.sqlite' }, undefined, false, false, 'path'],
    [{ kind: 'postgres' as const }, undefined, false, false, 'archiveDsn'],
    [{ retentionDays: 90 }, undefined, false, false, 'retentionDays'],
    [{ backfillDays: 91 }, undefined, false, false, 'backfillDays'],
    [{}, 32, false, false, 'memoryCapMB'],
  ])('flags %j (cap %s)', (archive, cap, dsnSet, demo, field) => {
    expect(Object.keys(archiveErrors(archive, cap, dsnSet, demo))).toEqual([field]);
  });

  it('accepts the defaults and valid values', () => {
    expect(archiveErrors(undefined, undefined, false, false)).toEqual({});
    expect(archiveErrors({ kind: 'postgres', retentionDays: 91, backfillDays: 0 }, 64, true, false)).toEqual({});
    expect(archiveErrors({ path: '/data/a.sqlite', retentionDays: 3650 }, undefined, false, false)).toEqual({});
  });
});
