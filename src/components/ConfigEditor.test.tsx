import React, { useState } from 'react';
import { readFileSync } from 'fs';
import { join } from 'path';
import { DataSourceSettings } from '@grafana/data';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { config } from '@grafana/runtime';

import { pick } from '../comboboxTestUtils';
import { MessageTraceOptions, MessageTraceSecureJsonData } from '../types';
import { ConfigEditor } from './ConfigEditor';

type Settings = DataSourceSettings<MessageTraceOptions, MessageTraceSecureJsonData>;

const GUID = '0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11';
const EXPIRED_CERT = readFileSync(join(__dirname, '..', '__fixtures__', 'expired-cert.pem'), 'utf8');
const VALID_CERT = readFileSync(join(__dirname, '..', '__fixtures__', 'valid-cert.pem'), 'utf8');

// Grafana's settings object, without the deprecated fields (id, database) this plugin never reads.
function settings(jsonData: MessageTraceOptions, secureJsonFields: Record<string, boolean> = {}): Settings {
  const value: Omit<Settings, 'id' | 'database'> = {
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
    jsonData,
    secureJsonFields,
  };
  return value as Settings;
}

function renderConfig(initial: Settings) {
  const onOptionsChange = jest.fn();
  function Stateful() {
    const [options, setOptions] = useState(initial);
    return (
      <ConfigEditor
        options={options}
        onOptionsChange={(next) => {
          onOptionsChange(next);
          setOptions(next);
        }}
      />
    );
  }
  const user = userEvent.setup();
  const view = render(<Stateful />);
  return { user, onOptionsChange, view, last: (): Settings => onOptionsChange.mock.calls.at(-1)?.[0] };
}

describe('ConfigEditor', () => {
  it('starts in demo mode with no Microsoft settings', () => {
    renderConfig(settings({}));
    expect(screen.getByRole('radio', { name: 'Demo tenant' })).toBeChecked();
    expect(screen.getByText(/deterministic, generated Exchange Online tenant/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/Directory \(tenant\) ID/)).not.toBeInTheDocument();
  });

  it('switches to a tenant and shows the app registration help', async () => {
    const { user, last } = renderConfig(settings({}));
    await user.click(screen.getByRole('radio', { name: 'Microsoft 365 tenant' }));
    expect(last().jsonData).toEqual({ mode: 'tenant' });
    expect(screen.getByRole('link', { name: /Microsoft app registration/ })).toHaveAttribute(
      'href',
      expect.stringContaining('exotrace-messagetrace-datasource?page=overview#microsoft-app-registration')
    );
    for (const label of [
      /Directory \(tenant\) ID/,
      /Authentication/,
      /Application \(client\) ID/,
      /Client secret/,
      /Request budget/,
    ]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
  });

  it('shows a stored secret only as "configured" and lets it be reset', async () => {
    const { user, view, last } = renderConfig(
      settings({ mode: 'tenant', tenantId: GUID, clientId: GUID }, { clientSecret: true })
    );
    const secret = screen.getByLabelText(/Client secret/);
    expect(secret).toHaveValue('configured');
    expect(secret).toBeDisabled();
    // Grafana never sends secrets back; nothing secret-looking may appear anyway.
    expect(view.container.innerHTML).not.toMatch(/secureJsonData|s3cr3t/);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields).toEqual({ clientSecret: false });
    expect(last().secureJsonData).toEqual({ clientSecret: '' });
    const input = screen.getByLabelText(/Client secret/);
    expect(input).toHaveAttribute('type', 'password');
    await user.type(input, 's3cr3t');
    expect(last().secureJsonData).toEqual({ clientSecret: 's3cr3t' });
  });

  it('validates IDs on blur with messages that say what to fix', async () => {
    const { user, last } = renderConfig(settings({ mode: 'tenant' }));
    const tenant = screen.getByLabelText(/Directory \(tenant\) ID/);
    await user.type(tenant, 'contoso');
    expect(screen.queryByText(/neither a GUID/)).not.toBeInTheDocument(); // not while typing
    await user.tab();
    expect(screen.getByText(/"contoso" is neither a GUID/)).toBeInTheDocument();
    await user.type(tenant, '.onmicrosoft.com');
    expect(screen.queryByText(/neither a GUID/)).not.toBeInTheDocument();
    const client = screen.getByLabelText(/Application \(client\) ID/);
    await user.type(client, '1234');
    await user.tab();
    expect(screen.getByText(/Client ID must be a GUID/)).toBeInTheDocument();
    expect(last().jsonData).toEqual({ mode: 'tenant', tenantId: 'contoso.onmicrosoft.com', clientId: '1234' });
  });

  it('shows problems of saved settings as soon as the page opens', () => {
    renderConfig(settings({ mode: 'tenant', tenantId: GUID, clientId: 'nope', graphBaseUrl: 'http://127.0.0.1:8080' }));
    expect(screen.getByText(/Client ID must be a GUID/)).toBeInTheDocument();
    expect(screen.getByText(/Use https:\/\//)).toBeInTheDocument();
    // required secrets are only flagged once the user has been there
    expect(screen.queryByText(/Enter the client secret/)).not.toBeInTheDocument();
  });

  it('accepts http endpoints only with the insecure switch', async () => {
    const { user, last } = renderConfig(settings({ mode: 'tenant', tenantId: GUID, clientId: GUID }));
    expect(screen.queryByLabelText(/Graph base URL/)).not.toBeInTheDocument(); // collapsed by default
    await user.click(screen.getByText('Advanced: endpoints and TLS'));
    const graph = screen.getByLabelText(/Graph base URL/);
    await user.type(graph, 'http://127.0.0.1:8080');
    await user.tab();
    expect(
      screen.getByText(/Use https:\/\/ \(plain http is accepted only with "Allow insecure endpoints" on/)
    ).toBeInTheDocument();
    await user.click(screen.getByLabelText(/Allow insecure endpoints/));
    expect(screen.queryByText(/Use https:\/\//)).not.toBeInTheDocument();
    expect(last().jsonData).toMatchObject({ graphBaseUrl: 'http://127.0.0.1:8080', allowInsecureEndpoints: true });
  });

  it('checks a pasted certificate and names the expiry date', async () => {
    const { user, last } = renderConfig(
      settings({ mode: 'tenant', tenantId: GUID, clientId: GUID, authType: 'clientCertificate' })
    );
    const cert = screen.getByLabelText(/Client certificate/);
    fireEvent.change(cert, { target: { value: EXPIRED_CERT } });
    fireEvent.blur(cert);
    expect(screen.getByText(/CN=exotrace-test-expired expired on 2024-01-31 23:59:59 UTC/)).toBeInTheDocument();
    fireEvent.change(cert, { target: { value: VALID_CERT } });
    expect(screen.queryByText(/expired on/)).not.toBeInTheDocument();
    expect(screen.getByText(/CN=exotrace-test-valid, valid until 2055-06-30 12:00:00 UTC/)).toBeInTheDocument();
    const keyInput = screen.getByLabelText(/Private key/);
    await user.type(keyInput, 'not a key');
    await user.tab();
    expect(screen.getByText(/No PEM block found/)).toBeInTheDocument();
    expect(last().secureJsonData).toEqual({ clientCertificate: VALID_CERT, privateKey: 'not a key' });
  });

  it('stores accepted domains and the request budget, and flags bad ones', async () => {
    const { user, last } = renderConfig(settings({ mode: 'tenant', tenantId: GUID, clientId: GUID }));
    const domains = screen.getByPlaceholderText('example.com');
    await user.type(domains, 'Example.co.jp{enter}');
    await user.type(domains, 'user@example.com{enter}');
    expect(screen.getByText(/enter the domain only, without the mailbox and @/)).toBeInTheDocument();
    const budget = screen.getByLabelText(/Request budget/);
    await user.type(budget, '120');
    await user.tab();
    expect(screen.getByText(/whole number from 1 to 100/)).toBeInTheDocument();
    expect(last().jsonData).toMatchObject({
      acceptedDomains: ['example.co.jp', 'user@example.com'],
      requestBudget: 120,
    });
  });

  it('stores the enrichment files in tenant mode and checks their paths', async () => {
    const { user, last } = renderConfig(settings({ mode: 'tenant', tenantId: GUID, clientId: GUID }));
    const geo = screen.getByLabelText(/IP-to-country database/);
    const intel = screen.getByLabelText(/Threat-intel feed/);
    expect(
      screen.getByText(
        /IP-to-country CSV \(start_ip,end_ip,country\), optionally .gz, reloaded when it changes; empty = the shipped ip-location-db database/
      )
    ).toBeInTheDocument();
    expect(
      screen.getByText(/\.csv \(indicator,kind,confidence,actor,labels\) or \.json; empty = no threat queries/)
    ).toBeInTheDocument();

    await user.type(geo, 'data/ip country.csv');
    expect(screen.queryByText(/not an absolute path/)).not.toBeInTheDocument(); // not while typing
    await user.tab();
    expect(screen.getByText(/"data\/ip country.csv" is not an absolute path/)).toBeInTheDocument();
    await user.clear(geo);
    // spaces inside a path survive typing; the ends are trimmed on blur
    await user.type(geo, '  /var/lib/grafana/geo/ip country.csv.gz ');
    await user.tab();
    expect(screen.queryByText(/not an absolute path/)).not.toBeInTheDocument();

    await user.type(intel, 'C:\\intel\\feed.txt');
    await user.tab();
    expect(screen.getByText(/must end in .csv or .json/)).toBeInTheDocument();
    await user.clear(intel);
    await user.type(intel, 'C:\\intel\\feed.json');
    expect(screen.queryByText(/must end in/)).not.toBeInTheDocument();
    expect(last().jsonData).toEqual({
      mode: 'tenant',
      tenantId: GUID,
      clientId: GUID,
      geoDatabasePath: '/var/lib/grafana/geo/ip country.csv.gz',
      threatIntelPath: 'C:\\intel\\feed.json',
    });

    // emptied = no geo queries: the key goes away
    await user.clear(geo);
    await user.tab();
    expect(last().jsonData).not.toHaveProperty('geoDatabasePath');
  });

  it('flags a saved path with a line break when the page opens', () => {
    renderConfig(
      settings({ mode: 'tenant', tenantId: GUID, clientId: GUID, threatIntelPath: '/etc/intel/feed.csv\n' })
    );
    expect(screen.getByText('The path must be a single line.')).toBeInTheDocument();
  });

  it('explains in demo mode that the demo tenant brings its own enrichment', () => {
    renderConfig(settings({ mode: 'demo' }));
    expect(screen.getByText('Enrichment')).toBeInTheDocument();
    expect(screen.getByText(/demo tenant ships its own IP-to-country table and threat-intel feed/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/IP-to-country database/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Threat-intel feed/)).not.toBeInTheDocument();
  });

  it('offers the auth types and hides what they do not use', async () => {
    config.azure = { ...config.azure, managedIdentityEnabled: true, workloadIdentityEnabled: true };
    const { user, last } = renderConfig(settings({ mode: 'tenant', tenantId: GUID }));
    await pick(user, /Authentication/, 'Managed identity');
    expect(last().jsonData.authType).toBe('managedIdentity');
    expect(screen.queryByLabelText(/Application \(client\) ID/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/Client secret/)).not.toBeInTheDocument();
    expect(screen.getByLabelText(/Managed identity client ID/)).toBeInTheDocument();
  });
});

describe('ConfigEditor layout and save readiness', () => {
  it("asks for tenant ID, client ID, then authentication, like Grafana's Azure data sources", () => {
    renderConfig(settings({ mode: 'tenant' }));
    const order = ['mt-tenant-id', 'mt-client-id', 'mt-auth-type', 'mt-client-secret'];
    const inputs = Array.from(document.querySelectorAll('input, textarea')).map((e) => e.id);
    const positions = order.map((id) => inputs.indexOf(id));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('lists what Save & test would refuse before anything is saved, without shouting field messages', async () => {
    const { user } = renderConfig(settings({}));
    expect(screen.queryByTestId('settings-problems')).not.toBeInTheDocument(); // demo needs nothing
    await user.click(screen.getByRole('radio', { name: 'Microsoft 365 tenant' }));
    expect(screen.getByTestId('settings-problems')).toHaveTextContent(
      'These settings need attention before Save & test: Directory (tenant) ID, Application (client) ID, Client secret.'
    );
    // the fields' own messages wait until they are edited
    expect(screen.queryByText(/Enter the directory \(tenant\) ID/)).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/Directory \(tenant\) ID/), GUID);
    await user.type(screen.getByLabelText(/Application \(client\) ID/), GUID);
    expect(screen.getByTestId('settings-problems')).toHaveTextContent(
      'This setting needs attention before Save & test: Client secret.'
    );
    await user.type(screen.getByLabelText(/Client secret/), 's3cr3t');
    expect(screen.queryByTestId('settings-problems')).not.toBeInTheDocument();
  });

  it('requires the client ID for workload identity, as the backend does', async () => {
    const { user } = renderConfig(settings({ mode: 'tenant', tenantId: GUID, authType: 'workloadIdentity' }));
    expect(screen.getByTestId('settings-problems')).toHaveTextContent('Application (client) ID');
    await user.type(screen.getByLabelText(/Application \(client\) ID/), GUID);
    expect(screen.queryByTestId('settings-problems')).not.toBeInTheDocument();
  });

  it('describes the data source and marks required fields', () => {
    renderConfig(settings({ mode: 'tenant' }));
    expect(screen.getByText(/Exchange Message Trace/, { selector: 'p, div, span' })).toBeInTheDocument();
    expect(screen.getByText(/Fields marked with \*/)).toBeInTheDocument();
  });
});
