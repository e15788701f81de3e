import React, { useState } from 'react';
import { DataSourceSettings } from '@grafana/data';
import { config } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { MessageTraceOptions, MessageTraceSecureJsonData } from '../../types';
import { ConfigEditor } from '../ConfigEditor';

type Settings = DataSourceSettings<MessageTraceOptions, MessageTraceSecureJsonData>;

function renderTenant(jsonData: MessageTraceOptions = {}, secureJsonFields: Record<string, boolean> = {}) {
  const calls: Settings[] = [];
  const initial = {
    uid: 'mt',
    orgId: 1,
    name: 'Exchange Message Trace',
    type: 'exotrace-messagetrace-datasource',
    typeName: 'Exchange Message Trace',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    withCredentials: false,
    readOnly: false,
    jsonData: { mode: 'tenant', ...jsonData },
    secureJsonFields,
  } as unknown as Settings;
  function Stateful() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(next) => {
          calls.push(next);
          setOptions(next);
        }}
      />
    );
  }
  render(<Stateful />);
  return { user: userEvent.setup(), last: () => calls[calls.length - 1] };
}

// user-event typing is slow on a loaded machine; the default 5 s is not about this code.
jest.setTimeout(60000);

// Combobox sizes itself with a canvas; jsdom has none (the shared setup stubs getContext to nothing).
beforeAll(() => {
  const measure = { measureText: (text: string) => ({ width: text.length * 7 }) };
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', { configurable: true, value: () => measure });
});

describe('IntelProvidersSection', () => {
  it('adds a CrowdStrike provider whose secret goes to secureJsonData under its id', async () => {
    const { user, last } = renderTenant();
    await user.click(screen.getByRole('button', { name: 'Add CrowdStrike Falcon Intelligence' }));
    await user.type(screen.getByLabelText(/API client ID/), 'abc123');
    await user.type(screen.getByLabelText(/API client secret/), 's3cret');
    expect(last().jsonData.intelProviders).toEqual([
      { id: 'p1', type: 'crowdstrike', name: 'CrowdStrike Falcon Intelligence', clientId: 'abc123' },
    ]);
    expect(last().secureJsonData?.['intelSecret.p1']).toBe('s3cret');
    expect(JSON.stringify(last().jsonData)).not.toContain('s3cret');
  });

  it('maps a CSV list, removes it, and never reuses the id of its stored secret', async () => {
    const { user, last } = renderTenant(
      { intelProviders: [{ id: 'p1', type: 'list', name: 'SOC', format: 'csv', apiKeyHeader: 'X-Key' }] },
      { 'intelSecret.p1': true }
    );
    await user.type(screen.getByLabelText('Confidence column'), 'confidence');
    await user.type(screen.getByLabelText('Label separator'), ';');
    expect(last().jsonData.intelProviders?.[0].mapping).toEqual({ confidence: 'confidence', labelSeparator: ';' });
    expect(screen.getByLabelText(/Auth header value/)).toHaveValue('configured');
    await user.click(screen.getByRole('button', { name: 'Remove' }));
    expect(last().jsonData.intelProviders).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Add MISP' }));
    expect(last().jsonData.intelProviders).toEqual([{ id: 'p2', type: 'misp', name: 'MISP' }]);
  });

  it('adds a watchlist', async () => {
    const { user, last } = renderTenant();
    await user.click(screen.getByRole('button', { name: 'Add watchlist' }));
    await user.type(screen.getByLabelText(/^URL/), 'https://edr.example.com/risky.csv');
    expect(last().jsonData.watchlists).toEqual([
      { id: 'w1', name: 'Watchlist 1', url: 'https://edr.example.com/risky.csv' },
    ]);
  });
});

describe('Azure identity options', () => {
  it('lists managed and workload identity only when Grafana enables them', async () => {
    config.azure = { ...config.azure, managedIdentityEnabled: false, workloadIdentityEnabled: false };
    const { user } = renderTenant();
    await user.click(screen.getByLabelText(/Authentication/));
    expect(screen.queryByText('Managed identity')).not.toBeInTheDocument();
    expect(screen.queryByText('Workload identity')).not.toBeInTheDocument();
    expect(screen.getByText('Client certificate')).toBeInTheDocument();
  });

  it('lists managed identity when enabled', async () => {
    config.azure = { ...config.azure, managedIdentityEnabled: true, workloadIdentityEnabled: false };
    const { user } = renderTenant();
    await user.click(screen.getByLabelText(/Authentication/));
    expect(screen.getByText('Managed identity')).toBeInTheDocument();
    expect(screen.queryByText('Workload identity')).not.toBeInTheDocument();
  });
});
