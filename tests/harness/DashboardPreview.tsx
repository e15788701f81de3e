import React, { useEffect, useMemo, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import {
  applyFieldOverrides,
  DataFrame,
  dataFrameFromJSON,
  DataFrameJSON,
  dateTime,
  DisplayValue,
  FieldConfigOptionsRegistry,
  FieldConfigPropertyItem,
  FieldConfigSource,
  FieldDisplay,
  FieldType,
  formattedValueToString,
  getFieldDisplayValues,
  GrafanaTheme2,
  ReduceDataOptions,
  TimeRange,
  transformDataFrame,
  VizOrientation,
} from '@grafana/data';
import {
  BarGaugeDisplayMode,
  BarGaugeNamePlacement,
  BarGaugeValueMode,
  LegendDisplayMode,
  LegendPlacement,
  TableCellHeight,
  VizLegendOptions,
} from '@grafana/schema';
import {
  BarGauge,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  PanelChrome,
  Table,
  TimeSeries,
  useTheme2,
} from '@grafana/ui';

import { initTransformers } from '../../src/testUtils';
import fixtures from './fixtures/dashboards.json';
import monitoring from '../../dashboards/message-monitoring.json';
import overview from '../../dashboards/overview.json';
import soc from '../../dashboards/soc-wall.json';

// A preview of each shipped dashboard without Grafana: panels laid out by their gridPos on
// Grafana's grid (24 columns, 30-pixel rows, 8-pixel gaps), each drawn with the @grafana/ui
// visualisation Grafana's panel of that type uses, from the frames the plugin binary answered on
// the demo tenant (fixtures/dashboards.json). Geomap has no @grafana/ui component: its panels show
// a labelled country list instead of a map.

interface PanelJSON {
  id: number;
  title: string;
  type: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig: FieldConfigSource;
  options: Record<string, unknown>;
  transformations?: Array<{ id: string; options: unknown }>;
  timeFrom?: string;
}

interface DashboardJSON {
  uid: string;
  title: string;
  panels: PanelJSON[];
}

export const DASHBOARDS: DashboardJSON[] = [overview, monitoring, soc] as unknown as DashboardJSON[];
const frames = fixtures as unknown as {
  from: number;
  to: number;
  dashboards: Record<string, Record<string, DataFrameJSON[]>>;
};

const COLUMNS = 24;
const ROW = 30;
const GAP = 8;
const PAD = 16;

// The field options Grafana's panels register, enough for applyFieldOverrides to apply the
// shipped defaults and overrides (Grafana's server registers the full editors).
const STANDARD = [
  'displayName',
  'unit',
  'decimals',
  'min',
  'max',
  'color',
  'mappings',
  'links',
  'noValue',
  'thresholds',
];
const CUSTOM = [
  'drawStyle',
  'fillOpacity',
  'lineWidth',
  'stacking',
  'barAlignment',
  'axisSoftMin',
  'axisPlacement',
  'align',
  'cellOptions',
  'minWidth',
  'width',
];

function registry(): FieldConfigOptionsRegistry {
  const item = (id: string, path: string, isCustom: boolean) =>
    ({
      id,
      path,
      name: id,
      isCustom,
      process: (v: unknown) => v,
      shouldApply: () => true,
      editor: () => null,
      override: () => null,
    }) as unknown as FieldConfigPropertyItem;
  return new FieldConfigOptionsRegistry(() => [
    ...STANDARD.map((id) => item(id, id, false)),
    ...CUSTOM.map((id) => item(`custom.${id}`, id, true)),
  ]);
}

/** Variables as a fresh dashboard has them: everything on All, no trace chosen. */
const replaceVariables = (text: string) =>
  text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) =>
    name === 'sender' ? 'All' : name === 'trace' ? 'newest' : whole
  );

async function preparePanel(uid: string, panel: PanelJSON, theme: GrafanaTheme2): Promise<DataFrame[]> {
  const raw = (frames.dashboards[uid]?.[String(panel.id)] ?? []).map((f) => dataFrameFromJSON(f));
  const transformed = panel.transformations?.length
    ? await lastValueFrom(transformDataFrame(panel.transformations as never, raw))
    : raw;
  return applyFieldOverrides({
    data: transformed,
    fieldConfig: panel.fieldConfig,
    fieldConfigRegistry: registry(),
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
}

function panelRange(panel: PanelJSON): TimeRange {
  const to = dateTime(frames.to);
  const days = panel.timeFrom ? Number(panel.timeFrom.replace('d', '')) : 0;
  const from = days ? dateTime(frames.to - days * 86_400_000) : dateTime(frames.from);
  return { from, to, raw: { from: panel.timeFrom ? `now-${panel.timeFrom}` : 'now-24h', to: 'now' } };
}

function displayValues(panel: PanelJSON, data: DataFrame[], theme: GrafanaTheme2): FieldDisplay[] {
  const reduce = (panel.options.reduceOptions ?? { calcs: ['lastNotNull'], values: false }) as ReduceDataOptions;
  return getFieldDisplayValues({
    data,
    fieldConfig: panel.fieldConfig,
    reduceOptions: reduce,
    replaceVariables,
    theme,
    timeZone: 'utc',
  });
}

function StatViz({ panel, data, width, height }: VizProps) {
  const theme = useTheme2();
  const values = displayValues(panel, data, theme);
  const w = Math.floor(width / Math.max(values.length, 1));
  return (
    <div style={{ display: 'flex', width, height }}>
      {values.map((v, i) => (
        <BigValue
          key={i}
          theme={theme}
          width={w}
          height={height}
          value={v.display}
          colorMode={BigValueColorMode.Value}
          graphMode={BigValueGraphMode.None}
          justifyMode={BigValueJustifyMode.Center}
          textMode={
            panel.options.textMode === 'value_and_name' ? BigValueTextMode.ValueAndName : BigValueTextMode.Value
          }
        />
      ))}
    </div>
  );
}

function BarGaugeViz({ panel, data, width, height }: VizProps) {
  const theme = useTheme2();
  const values = displayValues(panel, data, theme);
  const h = Math.max(Math.floor((height - (values.length - 1) * 4) / Math.max(values.length, 1)), 14);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 4, width, height, overflow: 'hidden' }}>
      {values.map((v, i) => (
        <BarGauge
          key={i}
          theme={theme}
          width={width}
          height={h}
          value={v.display as DisplayValue}
          field={v.field}
          orientation={VizOrientation.Horizontal}
          displayMode={(panel.options.displayMode as BarGaugeDisplayMode) ?? BarGaugeDisplayMode.Gradient}
          valueDisplayMode={BarGaugeValueMode.Text}
          namePlacement={BarGaugeNamePlacement.Left}
          showUnfilled
          isOverflow={false}
        />
      ))}
    </div>
  );
}

function TimeSeriesViz({ panel, data, width, height }: VizProps) {
  const legend = (panel.options.legend ?? {}) as Partial<VizLegendOptions>;
  return (
    <TimeSeries
      frames={data}
      width={width}
      height={height}
      timeRange={panelRange(panel)}
      timeZone="utc"
      legend={{
        showLegend: legend.showLegend ?? true,
        displayMode: (legend.displayMode as LegendDisplayMode) ?? LegendDisplayMode.List,
        placement: (legend.placement as LegendPlacement) ?? 'bottom',
        calcs: legend.calcs ?? [],
      }}
    />
  );
}

function TableViz({ data, width, height }: VizProps) {
  return data[0] ? <Table data={data[0]} width={width} height={height} cellHeight={TableCellHeight.Sm} /> : null;
}

/** Geomap is not in @grafana/ui: list the countries the map would mark, clearly as a stand-in. */
function GeomapPlaceholder({ data, width, height }: VizProps) {
  const theme = useTheme2();
  const frame = data[0];
  const country = frame?.fields.find((f) => f.name === 'country');
  const count = frame?.fields.find((f) => f.type === FieldType.number);
  const max = Math.max(1, ...(count?.values ?? []).map(Number));
  return (
    <div style={{ width, height, overflow: 'hidden', fontSize: 13 }} data-testid="geomap-placeholder">
      <div style={{ color: theme.colors.text.secondary, marginBottom: 6 }}>
        Geomap preview: markers per country (ISO code from the plugin, looked up in Grafana&apos;s gazetteer)
      </div>
      {country?.values.map((c, i) => (
        <div key={String(c)} style={{ display: 'flex', alignItems: 'center', gap: 8, height: 20 }}>
          <span style={{ width: 28, fontWeight: 500 }}>{String(c)}</span>
          <span
            style={{
              height: 10,
              width: `${(Number(count?.values[i]) / max) * (width - 110)}px`,
              background: theme.visualization.getColorByName('orange'),
              borderRadius: 2,
            }}
          />
          <span>{count?.display ? formattedValueToString(count.display(count.values[i])) : String(count?.values[i])}</span>
        </div>
      ))}
    </div>
  );
}

interface VizProps {
  panel: PanelJSON;
  data: DataFrame[];
  width: number;
  height: number;
}

const VIZ: Record<string, (p: VizProps) => React.ReactElement | null> = {
  stat: StatViz,
  bargauge: BarGaugeViz,
  timeseries: TimeSeriesViz,
  table: TableViz,
  geomap: GeomapPlaceholder,
};

function PreviewPanel({ uid, panel, colWidth }: { uid: string; panel: PanelJSON; colWidth: number }) {
  const theme = useTheme2();
  const [data, setData] = useState<DataFrame[] | undefined>();
  useEffect(() => {
    preparePanel(uid, panel, theme).then(setData);
  }, [uid, panel, theme]);
  const { x, y, w, h } = panel.gridPos;
  const width = w * colWidth + (w - 1) * GAP;
  const height = h * ROW + (h - 1) * GAP;
  const Viz = VIZ[panel.type];
  return (
    <div
      style={{ position: 'absolute', left: PAD + x * (colWidth + GAP), top: y * (ROW + GAP), width, height }}
      data-testid={`panel-${panel.id}`}
      data-type={panel.type}
      data-ready={data ? 'true' : 'false'}
    >
      <PanelChrome width={width} height={height} title={replaceVariables(panel.title)} description={panel.description}>
        {(innerWidth, innerHeight) =>
          data && Viz ? <Viz panel={panel} data={data} width={innerWidth} height={innerHeight} /> : null
        }
      </PanelChrome>
    </div>
  );
}

export function DashboardPreview({ uid }: { uid: string }) {
  const theme = useTheme2();
  const dashboard = DASHBOARDS.find((d) => d.uid === uid) ?? DASHBOARDS[0];
  useMemo(initTransformers, []);
  const width = window.innerWidth;
  const colWidth = (width - 2 * PAD - (COLUMNS - 1) * GAP) / COLUMNS;
  const rows = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h));
  return (
    <div data-testid="dashboard-preview" style={{ background: theme.colors.background.canvas, minHeight: '100vh' }}>
      <div
        style={{ height: 28, padding: `4px ${PAD}px`, color: theme.colors.text.secondary, fontSize: 12 }}
        data-testid="preview-caption"
      >
        Preview of “{dashboard.title}” drawn with @grafana/ui from the plugin&apos;s frames on the demo tenant (not a
        Grafana screenshot)
      </div>
      <div style={{ position: 'relative', height: rows * (ROW + GAP) }} data-testid="dashboard-grid">
        {dashboard.panels.map((p) => (
          <PreviewPanel key={p.id} uid={dashboard.uid} panel={p} colWidth={colWidth} />
        ))}
      </div>
    </div>
  );
}
