import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  createTheme,
  DataSourceInstanceSettings,
  DataSourceSettings,
  dateTime,
  PluginMetaInfo,
  PluginType,
  TimeRange,
} from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { Button, GlobalStyles, ThemeContext } from '@grafana/ui';

import { ConfigEditor } from '../../src/components/ConfigEditor';
import { QueryEditor } from '../../src/components/QueryEditor';
import { VariableQueryEditor } from '../../src/components/VariableQueryEditor';
import { DataSource } from '../../src/datasource';
import { MessageTraceOptions, MessageTraceQuery, MessageTraceSecureJsonData } from '../../src/types';
import { FakeTemplateSrv } from '../../src/testUtils';
import { harnessBackendSrv } from './alertingApi';
import { DashboardPreview } from './DashboardPreview';
import { DIMENSIONS_FIXTURE, previewFixture, valuesFixture } from './fixtures';

// Mounts the plugin's editors outside Grafana: Grafana's theme, a template service with a few
// dashboard variables, and a data source whose resource calls answer from fixtures.

const params = new URLSearchParams(window.location.search);
const theme = createTheme({ colors: { mode: params.get('theme') === 'light' ? 'light' : 'dark' } });

setBackendSrv(harnessBackendSrv(params));
setTemplateSrv(
  new FakeTemplateSrv([
    { name: 'sender', current: ['urch@elchino-millions.site', 'billing@invoice-notice.example.net'] },
    { name: 'status', current: '$__all', options: ['delivered', 'failed'] },
  ])
);

const meta = {
  id: 'exotrace-messagetrace-datasource',
  name: 'Exchange Message Trace',
  type: PluginType.datasource,
  module: '',
  baseUrl: '',
  info: {} as PluginMetaInfo,
};

const instance = {
  uid: 'harness',
  type: meta.id,
  name: meta.name,
  access: 'proxy',
  readOnly: false,
  jsonData: { mode: 'demo' },
  meta,
} as unknown as DataSourceInstanceSettings<MessageTraceOptions>;

/** Every resource call of the editors, for the specs to inspect. */
const resourceLog: Array<{ method: string; path: string; body?: unknown }> = [];
Object.assign(window, { resourceLog });

class FixtureDataSource extends DataSource {
  async getResource<T>(path: string, params?: Record<string, unknown>): Promise<T> {
    resourceLog.push({ method: 'GET', path, body: params });
    if (path === 'values') {
      const values = valuesFixture(
        String(params?.dimension),
        String(params?.prefix ?? ''),
        Number(params?.limit ?? 50)
      );
      return { values } as T;
    }
    if (path === 'dimensions') {
      return DIMENSIONS_FIXTURE as T;
    }
    throw new Error(`no fixture for GET ${path}`);
  }

  async postResource<T>(path: string, body?: unknown): Promise<T> {
    resourceLog.push({ method: 'POST', path, body });
    if (path === 'preview' && !params.has('previewFails')) {
      return previewFixture(body as MessageTraceQuery) as T;
    }
    throw new Error(`no fixture for POST ${path}`);
  }
}

const datasource = new FixtureDataSource(instance);

const range: TimeRange = {
  from: dateTime('2026-11-22T00:00:00Z'),
  to: dateTime('2026-11-23T00:00:00Z'),
  raw: { from: 'now-24h', to: 'now' },
};

type Settings = DataSourceSettings<MessageTraceOptions, MessageTraceSecureJsonData>;

const initialSettings = {
  uid: 'harness',
  orgId: 1,
  name: 'Exchange Message Trace',
  type: meta.id,
  typeName: meta.name,
  typeLogoUrl: '',
  access: 'proxy',
  url: '',
  user: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: false,
  withCredentials: false,
  readOnly: false,
  jsonData: {},
  secureJsonFields: {},
} as unknown as Settings;

/** What Grafana would store: secret values are reported by length only, never echoed. */
function describeSettings(options: Settings) {
  const secrets = Object.fromEntries(
    Object.entries(options.secureJsonData ?? {}).map(([k, v]) => [k, v ? `<${String(v).length} chars>` : ''])
  );
  return { jsonData: options.jsonData, secureJsonFields: options.secureJsonFields, secureJsonData: secrets };
}

function ConfigPage() {
  const [options, setOptions] = useState<Settings>(initialSettings);
  // Grafana's save: secrets go to the server, the page keeps only "configured" flags.
  const save = () => {
    const stored = { ...options.secureJsonFields };
    for (const [key, value] of Object.entries(options.secureJsonData ?? {})) {
      stored[key] = !!value;
    }
    setOptions({ ...options, secureJsonFields: stored, secureJsonData: {}, version: (options.version ?? 0) + 1 });
  };
  return (
    <div className="harness-page" data-testid="config-page">
      <div className="harness-editor" data-testid="config-editor">
        <div data-testid="config-form">
          <ConfigEditor options={options} onOptionsChange={setOptions} />
        </div>
        <Button onClick={save} data-testid="save">
          Save &amp; test
        </Button>
      </div>
      <pre data-testid="emitted-options">{JSON.stringify(describeSettings(options), null, 2)}</pre>
    </div>
  );
}

function QueryPage({ variable }: { variable: boolean }) {
  // ?query=<JSON> starts from a given query (catalogue screenshots).
  const [query, setQuery] = useState<MessageTraceQuery>(() =>
    params.has('query')
      ? (JSON.parse(params.get('query')!) as MessageTraceQuery)
      : variable
        ? { refId: 'variable', queryType: 'values', dimension: 'sender' }
        : { refId: 'A', queryType: 'traces', filters: [] }
  );
  const [runs, setRuns] = useState<MessageTraceQuery[]>([]);
  const Editor = variable ? VariableQueryEditor : QueryEditor;
  return (
    <div className="harness-page" data-testid="query-page">
      <div className="harness-editor" data-testid="query-editor">
        <Editor
          query={query}
          datasource={datasource}
          range={range}
          onChange={setQuery}
          onRunQuery={() => setRuns((r) => [...r, query])}
        />
      </div>
      <div className="harness-output">
        <div>
          Runs: <span data-testid="run-count">{runs.length}</span>
        </div>
        <pre data-testid="emitted-query">{JSON.stringify(query, null, 2)}</pre>
        <pre data-testid="interpolated-query">
          {JSON.stringify(datasource.applyTemplateVariables(query, {}), null, 2)}
        </pre>
      </div>
    </div>
  );
}

function App() {
  const page = params.get('page') ?? 'query';
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      {page === 'dashboard' ? (
        <DashboardPreview uid={params.get('uid') ?? 'exotrace-overview'} />
      ) : page === 'config' ? (
        <ConfigPage />
      ) : (
        <QueryPage variable={page === 'variable'} />
      )}
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
