// Writes the shipped dashboards (dashboards/*.json) from one description, so the three share
// variables, filters, units and links. Run: node scripts/dashboards.mjs (then commit the JSON);
// --check only reports files that differ from what this script writes.
// Classic dashboard JSON with schemaVersion 41: Grafana 12.3 (the oldest in grafanaDependency)
// loads it as is, and Grafana 13 file provisioning migrates it to the v2 schema when it is opened.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dashboards');
const PLUGIN = 'exotrace-messagetrace-datasource';
const ds = { type: PLUGIN, uid: '${ds}' };
const UID = { overview: 'exotrace-overview', monitoring: 'exotrace-monitoring', soc: 'exotrace-soc' };

// One definition of sizes everywhere: Grafana's "bytes" unit is binary (KiB, MiB), like the
// backend's size buckets and size filters (1 MB = 1 MiB = 1,048,576 bytes).
const SIZE_UNIT = 'bytes';
const MIB = 1 << 20;
/** The backend's size buckets (pkg/query dimensions), smallest first, with IEC labels. */
export const SIZE_BUCKETS = [
  ['<10KB', '< 10 KiB'],
  ['10KB-100KB', '10–100 KiB'],
  ['100KB-1MB', '100 KiB–1 MiB'],
  ['1MB-10MB', '1–10 MiB'],
  ['>=10MB', '≥ 10 MiB'],
];

const STATUS_COLORS = {
  delivered: 'green',
  failed: 'red',
  quarantined: 'orange',
  filteredAsSpam: 'purple',
  pending: 'blue',
  expanded: 'text',
  gettingStatus: 'yellow',
};

/** The dashboard-wide filters; a variable on "All" drops its filter (src/interpolate.ts). */
const globalFilters = [
  { dimension: 'sender', op: 'in', values: ['$sender'] },
  { dimension: 'recipientDomain', op: 'in', values: ['$recipient_domain'] },
  { dimension: 'direction', op: 'in', values: ['$direction'] },
];

function target(query, refId = 'A', extraFilters = []) {
  return { refId, datasource: ds, ...query, filters: [...globalFilters, ...extraFilters] };
}

function panel(id, title, type, gridPos, targets, rest = {}) {
  return {
    id,
    title,
    type,
    datasource: ds,
    gridPos,
    targets,
    description: rest.description ?? '',
    fieldConfig: { defaults: rest.defaults ?? {}, overrides: rest.overrides ?? [] },
    options: rest.options ?? {},
    ...(rest.transformations ? { transformations: rest.transformations } : {}),
    ...(rest.timeFrom ? { timeFrom: rest.timeFrom } : {}),
    ...(rest.links ? { links: rest.links } : {}),
  };
}

const byName = (name, properties) => ({ matcher: { id: 'byName', options: name }, properties });
const displayName = (name, value) => byName(name, [{ id: 'displayName', value }]);
const link = (title, url) => ({ title, url });
const drillToSender = (field) =>
  link(
    'Messages of ${__data.fields.' + field + '}',
    `/d/${UID.monitoring}?\${ds:queryparam}&var-sender=\${__data.fields.${field}:percentencode}&\${__url_time_range}`
  );

function statPanel(id, title, gridPos, query, extraFilters, name, rest = {}) {
  // displayName replaces the backend's key ("count") wherever Grafana names the value.
  return panel(id, title, 'stat', gridPos, [target(query, 'A', extraFilters)], {
    description: rest.description,
    defaults: {
      displayName: name,
      unit: rest.unit ?? 'short',
      color: { mode: 'fixed', fixedColor: rest.color ?? 'text' },
    },
    options: {
      reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      colorMode: 'value',
      graphMode: 'none',
      textMode: 'value',
      justifyMode: 'center',
      wideLayout: true,
    },
  });
}

const statusOverrides = Object.entries(STATUS_COLORS).map(([status, color]) =>
  byName(status, [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }])
);

function statusOverTime(id, title, gridPos, rest = {}) {
  return panel(
    id,
    title,
    'timeseries',
    gridPos,
    [
      target({
        queryType: 'timeseries',
        metric: 'count',
        splitBy: 'status',
        ...(rest.interval ? { interval: rest.interval } : {}),
      }),
    ],
    {
      description:
        rest.description ??
        'Messages per status, stacked. Click a status in the legend to show only it (Ctrl/Cmd-click adds one): a sudden rise of quarantined or filteredAsSpam is a spam or phishing wave.',
      timeFrom: rest.timeFrom,
      defaults: {
        unit: 'short',
        custom: {
          drawStyle: 'bars',
          fillOpacity: 85,
          lineWidth: 0,
          stacking: { mode: 'normal', group: 'A' },
          barAlignment: 0,
        },
      },
      overrides: statusOverrides,
      options: {
        legend: {
          showLegend: true,
          displayMode: rest.legendMode ?? 'list',
          placement: 'bottom',
          calcs: rest.calcs ?? [],
        },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    }
  );
}

function geomap(id, title, gridPos, query, extraFilters, description, color) {
  return panel(id, title, 'geomap', gridPos, [target(query, 'A', extraFilters)], {
    description,
    defaults: { unit: 'short', color: { mode: 'continuous-YlOrRd' } },
    options: {
      // "zero" always centres on 0°, 0° and ignores lat/lon; "coords" honours them.
      view: { id: 'coords', lat: 30, lon: 20, zoom: 1.3, allLayers: true },
      controls: { showZoom: true, mouseWheelZoom: false, showAttribution: true },
      basemap: { type: 'default', name: 'Basemap', config: {} },
      tooltip: { mode: 'details' },
      layers: [
        {
          type: 'markers',
          name: title,
          tooltip: true,
          location: { mode: 'lookup', lookup: 'country', gazetteer: 'public/gazetteer/countries.json' },
          config: {
            showLegend: true,
            style: {
              size: { field: 'count', fixed: 5, min: 4, max: 26 },
              color: { field: 'count', fixed: color },
              opacity: 0.7,
              symbol: { mode: 'fixed', fixed: 'img/icons/marker/circle.svg' },
              text: { mode: 'field', field: 'country', fixed: '' },
              textConfig: { fontSize: 10, offsetX: 0, offsetY: 0, textAlign: 'center', textBaseline: 'middle' },
            },
          },
        },
      ],
    },
  });
}

function senderStatusTable(id, gridPos) {
  return panel(
    id,
    'Top 10 message status count by sender',
    'table',
    gridPos,
    [target({ queryType: 'top', groupBy: ['sender', 'status'], metric: 'count', limit: 10, pivot: true })],
    {
      description:
        'Senders ranked by messages, one column per status, like the seed app. A compromised account or a stepping stone tops this with many failed and quarantined messages. Click a sender for its messages.',
      defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
      overrides: [
        byName('sender', [
          { id: 'links', value: [drillToSender('sender')] },
          { id: 'custom.minWidth', value: 220 },
        ]),
        byName('Rank', [{ id: 'custom.width', value: 56 }]),
        ...['failed', 'quarantined', 'filteredAsSpam'].map((s) =>
          byName(s, [
            { id: 'custom.cellOptions', value: { type: 'color-text' } },
            { id: 'color', value: { mode: 'fixed', fixedColor: STATUS_COLORS[s] } },
          ])
        ),
      ],
      options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
    }
  );
}

function keywordsPanel(id, gridPos, limit = 10) {
  return panel(
    id,
    'Frequency of keywords in subject',
    'bargauge',
    gridPos,
    [target({ queryType: 'keywords', limit })],
    {
      description:
        'The most frequent words of subjects. A burst of one lure word (invoice, payment, password) from many senders is a campaign such as Emotet.',
      defaults: { unit: 'short', color: { mode: 'continuous-BlPu' }, min: 0 },
      options: {
        orientation: 'horizontal',
        displayMode: 'gradient',
        valueMode: 'text',
        showUnfilled: true,
        namePlacement: 'left',
        sizing: 'auto',
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
      },
    }
  );
}

function sizeDistribution(id, gridPos) {
  // The backend ranks buckets by count; transpose turns each bucket into a field and
  // organize puts the fields in size order, so the bars read from small to large.
  return panel(
    id,
    'Message size distribution',
    'bargauge',
    gridPos,
    [target({ queryType: 'top', groupBy: ['sizeBucket'], metric: 'count', limit: 5 })],
    {
      description:
        'Messages per size bucket, smallest first. KiB and MiB are binary (1 MiB = 1,048,576 bytes), as in every size panel.',
      defaults: { unit: 'short', color: { mode: 'fixed', fixedColor: 'blue' }, min: 0 },
      overrides: SIZE_BUCKETS.map(([bucket, label]) => displayName(bucket, label)),
      transformations: [
        { id: 'organize', options: { excludeByName: { Rank: true } } },
        { id: 'transpose', options: {} },
        {
          id: 'organize',
          options: {
            excludeByName: { Field: true },
            indexByName: Object.fromEntries(SIZE_BUCKETS.map(([b], i) => [b, i])),
          },
        },
      ],
      options: {
        orientation: 'horizontal',
        displayMode: 'basic',
        valueMode: 'text',
        showUnfilled: true,
        namePlacement: 'left',
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
      },
    }
  );
}

function sizeOverTime(id, gridPos) {
  const q = (metric, refId) => target({ queryType: 'timeseries', metric, interval: '1h' }, refId);
  return panel(
    id,
    'Message size statistics over time (filter by sender above)',
    'timeseries',
    gridPos,
    [q('sizeSum', 'A'), q('sizeAvg', 'B'), q('sizeMax', 'C')],
    {
      description:
        'Bytes sent per hour (total), and the average and largest message. Pick a sender in the variable above to see what one sender transmits.',
      defaults: { unit: SIZE_UNIT, custom: { drawStyle: 'line', lineWidth: 2, fillOpacity: 10, axisSoftMin: 0 } },
      overrides: [
        byName('sizeSum', [{ id: 'displayName', value: 'Total' }]),
        byName('sizeAvg', [
          { id: 'displayName', value: 'Average' },
          { id: 'custom.axisPlacement', value: 'right' },
        ]),
        byName('sizeMax', [
          { id: 'displayName', value: 'Largest' },
          { id: 'custom.axisPlacement', value: 'right' },
        ]),
      ],
      options: {
        legend: { showLegend: true, displayMode: 'list', placement: 'bottom', calcs: ['max'] },
        tooltip: { mode: 'multi', sort: 'none' },
      },
    }
  );
}

const CONFIDENCE_MAPPINGS = [
  // Sumo Logic's threatlookup bands (docs peers §1.3): ≥85 high, ≥50 medium, ≥15 low.
  { type: 'range', options: { from: 85, to: 100, result: { text: 'high', color: 'red', index: 0 } } },
  { type: 'range', options: { from: 50, to: 84.999, result: { text: 'medium', color: 'orange', index: 1 } } },
  { type: 'range', options: { from: 15, to: 49.999, result: { text: 'low', color: 'yellow', index: 2 } } },
  { type: 'range', options: { from: 0, to: 14.999, result: { text: 'unverified', color: 'text', index: 3 } } },
];

function threatTable(id, gridPos, title = "Threat intel analysis of senders' email addresses") {
  return panel(id, title, 'table', gridPos, [target({ queryType: 'threats', minConfidence: 15, limit: 100 })], {
    description:
      "Sender addresses and domains of recent mail that are on the threat-intel feed, with the seed app's columns. Any row here deserves an investigation (the threat-intel alert rule fires on it).",
    defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
    overrides: [
      byName('confidence', [
        { id: 'mappings', value: CONFIDENCE_MAPPINGS },
        { id: 'custom.cellOptions', value: { type: 'color-text' } },
      ]),
      byName('indicator', [{ id: 'links', value: [drillToSender('indicator')] }]),
    ],
    transformations: [
      {
        id: 'filterByValue',
        options: {
          type: 'include',
          match: 'any',
          filters: [{ fieldName: 'matchedOn', config: { id: 'regex', options: { value: '^sender' } } }],
        },
      },
      { id: 'sortBy', options: { sort: [{ field: 'messages', desc: true }] } },
      {
        id: 'organize',
        options: {
          // firstSeen / lastSeen are the matched messages' times; the provider's own are kept.
          excludeByName: { kind: true, firstSeen: true, lastSeen: true },
          indexByName: {
            indicator: 0,
            confidence: 1,
            actor: 2,
            labels: 3,
            messages: 4,
            matchedOn: 5,
            provider: 6,
            indicatorFirstSeen: 7,
            indicatorLastSeen: 8,
          },
          renameByName: {
            indicator: 'sender',
            confidence: 'malicious_confidence',
            messages: 'threat_count',
            matchedOn: 'matched_field',
            indicatorFirstSeen: 'first_seen',
            indicatorLastSeen: 'last_seen',
          },
        },
      },
    ],
    options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
  });
}

// Mail activity of the users other security tools flagged (the data source's watchlists).
function watchlistTable(id, gridPos) {
  return panel(id, 'Mail activity of watched users', 'table', gridPos, [target({ queryType: 'watchlist', limit: 100 })], {
    description:
      'Users on the watchlists (e.g. risky users exported by an endpoint-security product) who sent or received mail in the time range: messages sent and received, distinct external recipients, failed and quarantined messages. The watched-user alert rule fires on a burst of outbound mail from one of them.',
    defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
    overrides: [
      byName('risk', [
        { id: 'mappings', value: CONFIDENCE_MAPPINGS },
        { id: 'custom.cellOptions', value: { type: 'color-text' } },
      ]),
      byName('user', [{ id: 'links', value: [drillToSender('user')] }]),
      byName('externalRecipients', [{ id: 'displayName', value: 'external recipients' }]),
      byName('lastSeen', [{ id: 'displayName', value: 'last seen' }]),
    ],
    options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
  });
}

function tracesTable(id, title, gridPos, extraFilters, limit, description, rest = {}) {
  return panel(id, title, 'table', gridPos, [target({ queryType: 'traces', limit }, 'A', extraFilters)], {
    description,
    defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
    overrides: [
      byName('size', [{ id: 'unit', value: SIZE_UNIT }]),
      byName('id', [
        {
          id: 'links',
          value: [
            link(
              'Hop events of this message',
              `/d/${UID.monitoring}?\${ds:queryparam}&\${sender:queryparam}&var-trace=\${__data.fields.id}&var-recipient=\${__data.fields.recipient:percentencode}&\${__url_time_range}`
            ),
          ],
        },
      ]),
      byName('status', [
        {
          id: 'mappings',
          value: Object.entries(STATUS_COLORS).map(([s, color]) => ({
            type: 'value',
            options: { [s]: { color, index: 0 } },
          })),
        },
        { id: 'custom.cellOptions', value: { type: 'color-text' } },
      ]),
    ],
    transformations: [
      {
        id: 'organize',
        options: {
          excludeByName: {
            line: true,
            level: true, // Explore's log level, if the backend adds one to the traces frame
            messageId: true,
            senderDomain: true,
            recipientDomain: true,
            ...(rest.hide ?? {}),
          },
          indexByName: {
            time: 0,
            status: 1,
            sender: 2,
            recipient: 3,
            subject: 4,
            size: 5,
            fromIP: 6,
            toIP: 7,
            direction: 8,
            id: 9,
          },
        },
      },
    ],
    options: {
      showHeader: true,
      cellHeight: 'sm',
      footer: { show: false },
      sortBy: [{ displayName: 'time', desc: true }],
    },
  });
}

function exploreLink(title, query) {
  const panes = {
    mt: {
      datasource: '${ds}',
      queries: [{ refId: 'A', datasource: ds, ...query }],
      range: { from: 'now-1h', to: 'now' },
    },
  };
  // ${ds} stays readable so Grafana interpolates it in the link.
  const url =
    '/explore?schemaVersion=1&panes=' + encodeURIComponent(JSON.stringify(panes)).replaceAll('%24%7Bds%7D', '${ds}');
  return {
    title,
    type: 'link',
    url,
    icon: 'compass',
    targetBlank: false,
    tooltip: 'Open the traces in Explore (logs view)',
  };
}

function dashboardLinks(self) {
  return [
    ...Object.entries({ overview: 'Overview', monitoring: 'Message monitoring', soc: 'SOC wall' })
      .filter(([k]) => UID[k] !== self)
      .map(([k, title]) => ({
        title,
        type: 'link',
        url: `/d/${UID[k]}?\${ds:queryparam}&\${__url_time_range}`,
        icon: 'apps',
        includeVars: false,
        keepTime: false,
      })),
    exploreLink('Explore traces', { queryType: 'traces', filters: [] }),
  ];
}

const queryVar = (name, label, dimension) => ({
  name,
  label,
  type: 'query',
  datasource: ds,
  query: { refId: 'V', queryType: 'values', dimension, limit: 200 },
  definition: `values of ${dimension}`,
  refresh: 2,
  multi: true,
  includeAll: true,
  current: { text: 'All', value: '$__all' },
  sort: 0,
  options: [],
});

function templating(extra = []) {
  return {
    list: [
      {
        name: 'ds',
        label: 'Data source',
        type: 'datasource',
        query: PLUGIN,
        current: {},
        hide: 0,
        refresh: 1,
        options: [],
      },
      queryVar('sender', 'Sender', 'sender'),
      queryVar('recipient_domain', 'Recipient domain', 'recipientDomain'),
      {
        name: 'direction',
        label: 'Direction',
        type: 'custom',
        query: 'inbound,outbound,internal',
        multi: true,
        includeAll: true,
        current: { text: 'All', value: '$__all' },
        options: [],
      },
      ...extra,
    ],
  };
}

const annotations = {
  list: [
    {
      builtIn: 1,
      datasource: { type: 'grafana', uid: '-- Grafana --' },
      enable: true,
      hide: true,
      iconColor: 'rgba(0, 211, 255, 1)',
      name: 'Annotations & Alerts',
      type: 'dashboard',
    },
    {
      name: 'Campaigns first seen',
      datasource: ds,
      enable: true,
      iconColor: 'orange',
      target: { refId: 'Anno', queryType: 'campaigns', minMessages: 20, limit: 10, filters: [] },
      mappings: {
        time: { source: 'field', value: 'firstSeen' },
        timeEnd: { source: 'field', value: 'lastSeen' },
        text: { source: 'field', value: 'template' },
      },
    },
    {
      name: 'Threat-intel senders first seen',
      datasource: ds,
      enable: true,
      iconColor: 'red',
      target: { refId: 'Anno', queryType: 'threats', minConfidence: 50, limit: 20, filters: [] },
      mappings: {
        time: { source: 'field', value: 'firstSeen' },
        timeEnd: { source: 'field', value: 'lastSeen' },
        text: { source: 'field', value: 'indicator' },
        tags: { source: 'field', value: 'actor' },
      },
    },
  ],
};

function dashboard(uid, title, description, panels, rest = {}) {
  return {
    uid,
    title,
    description,
    tags: ['exchange', 'message-trace'],
    editable: true,
    graphTooltip: 1,
    schemaVersion: 41,
    version: 1,
    time: rest.time ?? { from: 'now-24h', to: 'now' },
    timepicker: {},
    timezone: 'browser',
    refresh: rest.refresh ?? '1m',
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: '',
    annotations,
    links: dashboardLinks(uid),
    templating: templating(rest.variables),
    panels,
  };
}

// Overview: the seed's Overview (status per day and over time, size statistics, keywords,
// sender × status) in 24 grid rows, which fit a 1080-pixel screen without scrolling.
const overview = dashboard(
  UID.overview,
  'Exchange Message Trace — Overview',
  "Delivery status, message size, subject keywords and senders by status (the Sumo Logic app's Overview).",
  [
    statPanel(1, 'Messages', { x: 0, y: 0, w: 4, h: 4 }, { queryType: 'stats', stats: ['count'] }, [], 'Messages', {
      description: 'Trace rows (one per message and recipient).',
    }),
    statPanel(
      2,
      'Delivered',
      { x: 4, y: 0, w: 4, h: 4 },
      { queryType: 'stats', stats: ['count'] },
      [{ dimension: 'status', op: 'eq', values: ['delivered'] }],
      'Delivered',
      { color: 'green' }
    ),
    statPanel(
      3,
      'Failed',
      { x: 8, y: 0, w: 4, h: 4 },
      { queryType: 'stats', stats: ['count'] },
      [{ dimension: 'status', op: 'eq', values: ['failed'] }],
      'Failed',
      { color: 'red' }
    ),
    statPanel(
      4,
      'Quarantined or spam',
      { x: 12, y: 0, w: 4, h: 4 },
      { queryType: 'stats', stats: ['count'] },
      [{ dimension: 'status', op: 'in', values: ['quarantined', 'filteredAsSpam'] }],
      'Quarantined or spam',
      { color: 'orange' }
    ),
    statPanel(
      5,
      'Total size transmitted',
      { x: 16, y: 0, w: 4, h: 4 },
      { queryType: 'stats', stats: ['sizeSum'] },
      [],
      'Total size',
      { unit: SIZE_UNIT }
    ),
    statPanel(
      6,
      'Senders',
      { x: 20, y: 0, w: 4, h: 4 },
      { queryType: 'stats', stats: ['distinctSenders'] },
      [],
      'Senders',
      {
        description: 'Distinct sender addresses.',
      }
    ),
    statusOverTime(7, 'Message delivery status over time', { x: 0, y: 4, w: 15, h: 9 }),
    statusOverTime(
      8,
      'Message delivery status per day (last 7 days)',
      { x: 15, y: 4, w: 9, h: 9 },
      {
        interval: '1d',
        timeFrom: '7d',
        description:
          'Messages per status and day over the last 7 days, stacked, as in the seed app. Click a status in the legend to isolate it.',
      }
    ),
    senderStatusTable(9, { x: 0, y: 13, w: 11, h: 11 }),
    keywordsPanel(10, { x: 11, y: 13, w: 5, h: 11 }),
    sizeOverTime(11, { x: 16, y: 13, w: 8, h: 6 }),
    sizeDistribution(12, { x: 16, y: 19, w: 8, h: 5 }),
  ]
);

// Message monitoring: where mail comes from and goes to, the failed sources, the threat-intel
// table and a drill-down from a sender to its messages and a message to its hop events.
const monitoring = dashboard(
  UID.monitoring,
  'Exchange Message Trace — Message monitoring',
  'Countries of sending and receiving servers, failed sources, threat intel, and a drill-down from a sender to its messages and their hop events.',
  [
    panel(
      1,
      'Unique senders, receivers and domains',
      'stat',
      { x: 0, y: 0, w: 16, h: 4 },
      [
        target({
          queryType: 'stats',
          stats: ['distinctSenders', 'distinctRecipients', 'distinctSenderDomains', 'distinctRecipientDomains'],
        }),
      ],
      {
        description: 'Distinct sender and recipient addresses and their domains in the time range.',
        defaults: { unit: 'short', color: { mode: 'fixed', fixedColor: 'text' } },
        overrides: [
          // byName matches the name the backend gives each stat (pkg/query statTitles).
          displayName('Distinct senders', 'Unique senders'),
          displayName('Distinct recipients', 'Unique receivers'),
        ],
        options: {
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
          colorMode: 'value',
          graphMode: 'none',
          textMode: 'value_and_name',
          justifyMode: 'center',
          wideLayout: true,
        },
      }
    ),
    statPanel(
      2,
      'Failed messages',
      { x: 16, y: 0, w: 8, h: 4 },
      { queryType: 'stats', stats: ['count'] },
      [{ dimension: 'status', op: 'eq', values: ['failed'] }],
      'Failed',
      { color: 'red' }
    ),
    geomap(
      3,
      'Geo location of senders',
      { x: 0, y: 4, w: 8, h: 10 },
      { queryType: 'geo', side: 'from', metric: 'count' },
      [],
      'Messages per country of the sending server (fromIP): mail from abroad, or an account used abroad. Private and unknown addresses are left out.',
      'dark-green'
    ),
    geomap(
      4,
      'Geo location of receivers',
      { x: 8, y: 4, w: 8, h: 10 },
      { queryType: 'geo', side: 'to', metric: 'count' },
      [{ dimension: 'direction', op: 'eq', values: ['outbound'] }],
      'Outbound messages per country of the receiving server (toIP): mail leaving for unexpected countries.',
      'dark-blue'
    ),
    geomap(
      5,
      'Source geo location of failed messages',
      { x: 16, y: 4, w: 8, h: 10 },
      { queryType: 'geo', side: 'from', metric: 'count' },
      [{ dimension: 'status', op: 'eq', values: ['failed'] }],
      'Failed messages per country of the sending server.',
      'dark-red'
    ),
    panel(
      6,
      'Top 10 senders',
      'bargauge',
      { x: 0, y: 14, w: 8, h: 9 },
      [target({ queryType: 'top', groupBy: ['sender'], metric: 'count', limit: 10 })],
      {
        description: 'Senders with the most messages. Click one to see its messages below.',
        defaults: { unit: 'short', color: { mode: 'continuous-GrYlRd' }, min: 0, links: [drillToSender('sender')] },
        options: {
          orientation: 'horizontal',
          displayMode: 'gradient',
          valueMode: 'text',
          showUnfilled: true,
          namePlacement: 'left',
          reduceOptions: { calcs: ['lastNotNull'], fields: '', values: true },
        },
      }
    ),
    threatTable(7, { x: 8, y: 14, w: 16, h: 9 }),
    tracesTable(
      8,
      'Messages of the selected sender ($sender)',
      { x: 0, y: 23, w: 24, h: 10 },
      [],
      200,
      "The newest messages of the senders chosen in the Sender variable (all senders on All). Click an id for the message's hop events."
    ),
    panel(
      9,
      'Hop events of the selected message ($trace)',
      'table',
      { x: 0, y: 33, w: 24, h: 8 },
      [{ refId: 'A', datasource: ds, queryType: 'details', traceId: '$trace', recipient: '$recipient' }],
      {
        description:
          'Message trace detail events (receive, spam filter, transport rule, deliver...) of the message chosen in the table above.',
        defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
        options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
      }
    ),
    tracesTable(
      10,
      'Large messages (10 MiB or more)',
      { x: 0, y: 41, w: 24, h: 8 },
      [{ dimension: 'size', op: 'gt', values: [String(10 * MIB - 1)] }],
      200,
      'Messages of 10 MiB (10,485,760 bytes) or more: the same bound as the "≥ 10 MiB" size bucket. Repeated large outbound messages to one recipient can be exfiltration.'
    ),
    watchlistTable(11, { x: 0, y: 49, w: 24, h: 8 }),
  ],
  {
    variables: [
      {
        name: 'trace',
        label: 'Trace ID',
        type: 'textbox',
        query: '',
        current: { text: '', value: '' },
        hide: 0,
        options: [],
      },
      {
        name: 'recipient',
        label: 'Recipient',
        type: 'textbox',
        query: '',
        current: { text: '', value: '' },
        hide: 0,
        options: [],
      },
    ],
  }
);

// SOC wall: what the on-duty analyst watches on a 1920×1080 screen in kiosk mode (no scrolling,
// large numbers): the last 6 hours, refreshed every minute.
const soc = dashboard(
  UID.soc,
  'Exchange Message Trace — SOC wall',
  'For a wall screen in kiosk mode (1920×1080): current volume, failures, spam, campaigns, threat intel and unusual geography.',
  [
    statPanel(1, 'Messages', { x: 0, y: 0, w: 5, h: 5 }, { queryType: 'stats', stats: ['count'] }, [], 'Messages'),
    statPanel(
      2,
      'Failed',
      { x: 5, y: 0, w: 5, h: 5 },
      { queryType: 'stats', stats: ['count'] },
      [{ dimension: 'status', op: 'eq', values: ['failed'] }],
      'Failed',
      { color: 'red' }
    ),
    statPanel(
      3,
      'Quarantined or spam',
      { x: 10, y: 0, w: 5, h: 5 },
      { queryType: 'stats', stats: ['count'] },
      [{ dimension: 'status', op: 'in', values: ['quarantined', 'filteredAsSpam'] }],
      'Quarantined or spam',
      { color: 'orange' }
    ),
    statPanel(
      4,
      'Outbound volume',
      { x: 15, y: 0, w: 4, h: 5 },
      { queryType: 'stats', stats: ['sizeSum'] },
      [{ dimension: 'direction', op: 'eq', values: ['outbound'] }],
      'Outbound volume',
      { unit: SIZE_UNIT }
    ),
    statPanel(
      5,
      'Senders',
      { x: 19, y: 0, w: 5, h: 5 },
      { queryType: 'stats', stats: ['distinctSenders'] },
      [],
      'Senders'
    ),
    statusOverTime(6, 'Message delivery status', { x: 0, y: 5, w: 16, h: 9 }, { legendMode: 'list' }),
    geomap(
      7,
      'Senders by country',
      { x: 16, y: 5, w: 8, h: 9 },
      { queryType: 'geo', side: 'from', metric: 'count' },
      [],
      'Messages per country of the sending server.',
      'dark-green'
    ),
    panel(
      8,
      'Campaigns (similar subjects from many senders)',
      'table',
      { x: 0, y: 14, w: 9, h: 10 },
      [target({ queryType: 'campaigns', limit: 10, minMessages: 20 })],
      {
        description: 'Subject templates mailed by many senders: invoice lures, RE:/FW: thread hijacking.',
        defaults: { custom: { align: 'auto', cellOptions: { type: 'auto' } } },
        transformations: [{ id: 'organize', options: { excludeByName: { example: true, lastSeen: true } } }],
        options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
      }
    ),
    threatTable(9, { x: 9, y: 14, w: 8, h: 10 }, 'Threat-intel senders'),
    panel(
      10,
      'Sender spikes (last hour vs the 24 before)',
      'table',
      { x: 17, y: 14, w: 7, h: 10 },
      [
        target({
          queryType: 'baseline',
          groupBy: ['sender'],
          metric: 'count',
          window: '1h',
          baselineWindows: 24,
          limit: 10,
        }),
      ],
      {
        description: 'Senders whose last hour is far above their usual hour: a compromised account or a script.',
        defaults: { decimals: 1, custom: { align: 'auto', cellOptions: { type: 'auto' } } },
        transformations: [{ id: 'organize', options: { excludeByName: { baselineStdDev: true, ratio: true } } }],
        options: { showHeader: true, cellHeight: 'sm', footer: { show: false } },
      }
    ),
  ],
  { time: { from: 'now-6h', to: 'now' } }
);

const check = process.argv.includes('--check');
const stale = [];
for (const [file, d] of [
  ['overview.json', overview],
  ['message-monitoring.json', monitoring],
  ['soc-wall.json', soc],
]) {
  const text = JSON.stringify(d, null, 2) + '\n';
  if (!check) {
    writeFileSync(join(out, file), text);
  } else if (readFileSync(join(out, file), 'utf8') !== text) {
    stale.push(file);
  }
}
if (stale.length) {
  console.error(`dashboards/${stale.join(', ')} differ from scripts/dashboards.mjs: run node scripts/dashboards.mjs`);
  process.exit(1);
}
console.log(check ? 'dashboards up to date' : 'dashboards written');
