import { execFileSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { lastValueFrom } from 'rxjs';
import {
  DataFrame,
  dataFrameFromJSON,
  DataFrameJSON,
  DataTransformerConfig,
  getFieldDisplayName,
  transformDataFrame,
} from '@grafana/data';

import { initTransformers } from './testUtils';
import { STATS } from './types';

// The shipped dashboards read against what Grafana does with them, on the frames the plugin
// binary answers on the demo tenant (tests/harness/fixtures, written by internal/testing/grpchost's
// TestShippedDashboards -harness-fixtures).

interface Override {
  matcher: { id: string; options: string };
  properties: Array<{ id: string; value: unknown }>;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig: { defaults: { displayName?: string; unit?: string }; overrides: Override[] };
  options: Record<string, unknown> & { view?: { id: string; lat?: number; lon?: number; zoom?: number } };
  transformations?: DataTransformerConfig[];
  targets: Array<Record<string, unknown>>;
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  links: Array<{ url: string }>;
}

const root = join(__dirname, '..');
const dashboards: Dashboard[] = readdirSync(join(root, 'dashboards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(root, 'dashboards', f), 'utf8')));
const fixtures: { dashboards: Record<string, Record<string, DataFrameJSON[]>> } = JSON.parse(
  readFileSync(join(root, 'tests', 'harness', 'fixtures', 'dashboards.json'), 'utf8')
);
const byUid = (uid: string) => dashboards.find((d) => d.uid === uid)!;
const framesOf = (uid: string, id: number): DataFrame[] =>
  (fixtures.dashboards[uid]?.[String(id)] ?? []).map((f) => dataFrameFromJSON(f));

/**
 * Grafana's precedence for a field's name: an override (byName matches the display name the field
 * has before overrides), the panel default, then Grafana's own naming (data source name, labels).
 */
function displayName(panel: Panel, frame: DataFrame, fieldIndex: number): string {
  const field = frame.fields[fieldIndex];
  const own = getFieldDisplayName(field, frame);
  let name = panel.fieldConfig.defaults.displayName ?? own;
  for (const o of panel.fieldConfig.overrides) {
    const hit =
      (o.matcher.id === 'byName' && o.matcher.options === own) ||
      (o.matcher.id === 'byFrameRefID' && o.matcher.options === frame.refId);
    const p = o.properties.find((x) => x.id === 'displayName');
    if (hit && p) {
      name = String(p.value);
    }
  }
  return name;
}

beforeAll(initTransformers);

describe('shipped dashboards', () => {
  it('are the three of the seed and the wall, as classic JSON every supported Grafana loads', () => {
    expect(dashboards.map((d) => d.uid).sort()).toEqual(['exotrace-monitoring', 'exotrace-overview', 'exotrace-soc']);
    for (const d of dashboards) {
      // 41 is Grafana 12's schema: 12.3 (grafanaDependency) loads it as is, 13 migrates it to v2.
      expect(d.schemaVersion).toBe(41);
      expect(new Set(d.panels.map((p) => p.id)).size).toBe(d.panels.length);
    }
  });

  it("are what scripts/dashboards.mjs writes, and every panel has the binary's frames in the fixtures", () => {
    expect(execFileSync('node', [join(root, 'scripts', 'dashboards.mjs'), '--check'], { encoding: 'utf8' })).toContain(
      'up to date'
    );
    for (const d of dashboards) {
      for (const p of d.panels) {
        expect(framesOf(d.uid, p.id).length).toBeGreaterThan(0);
      }
    }
  });

  it('link to each other and to Explore', () => {
    for (const d of dashboards) {
      const urls = d.links.map((l) => l.url);
      for (const other of dashboards.filter((o) => o.uid !== d.uid)) {
        expect(urls.some((u) => u.startsWith(`/d/${other.uid}?`))).toBe(true);
      }
      const explore = urls.find((u) => u.startsWith('/explore?'))!;
      const panes = JSON.parse(decodeURIComponent(new URL(explore, 'http://g').searchParams.get('panes')!));
      expect(panes.mt.queries[0]).toMatchObject({ queryType: 'traces', datasource: { uid: '${ds}' } });
    }
  });

  it.each(['exotrace-overview', 'exotrace-soc'])('%s fits a 1080-pixel screen without scrolling', (uid) => {
    // Grafana's grid: 30-pixel rows with 8-pixel gaps; a kiosk at 1920×1080 leaves about 1040 pixels.
    const rows = Math.max(...byUid(uid).panels.map((p) => p.gridPos.y + p.gridPos.h));
    expect(rows * 38 - 8).toBeLessThanOrEqual(1040);
    for (const p of byUid(uid).panels) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  it('centre every Geomap on coordinates Grafana honours (never the "zero" view)', () => {
    const maps = dashboards.flatMap((d) => d.panels.filter((p) => p.type === 'geomap'));
    expect(maps.length).toBe(4);
    for (const p of maps) {
      expect(p.options.view).toEqual({ id: 'coords', lat: 30, lon: 20, zoom: 1.3, allLayers: true });
    }
  });

  it('name every stat value in words, never by the backend key', () => {
    const stats = dashboards.flatMap((d) => d.panels.filter((p) => p.type === 'stat').map((p) => [d.uid, p] as const));
    expect(stats.length).toBe(13);
    for (const [uid, p] of stats) {
      const frames = framesOf(uid, p.id);
      expect(frames.length).toBeGreaterThan(0);
      for (const frame of frames) {
        frame.fields.forEach((_, i) => {
          const name = displayName(p, frame, i);
          expect((STATS as readonly string[]).includes(name)).toBe(false);
        });
      }
    }
    const unique = byUid('exotrace-monitoring').panels.find((p) => p.id === 1)!;
    const frame = framesOf('exotrace-monitoring', 1)[0];
    expect(frame.fields.map((_, i) => displayName(unique, frame, i))).toEqual([
      'Unique senders',
      'Unique receivers',
      'Sender domains',
      'Recipient domains',
    ]);
  });

  it('order the size distribution by size, not by count', async () => {
    const p = byUid('exotrace-overview').panels.find((x) => x.title === 'Message size distribution')!;
    const [raw] = framesOf('exotrace-overview', p.id);
    // The backend ranks buckets by count: the order the panel must not show.
    expect(raw.fields[0].values).toEqual(['10KB-100KB', '100KB-1MB', '<10KB', '1MB-10MB', '>=10MB']);
    const [out] = await lastValueFrom(transformDataFrame(p.transformations!, [raw]));
    const numbers = out.fields.filter((f) => f.type === 'number');
    expect(numbers.map((f) => displayName(p, out, out.fields.indexOf(f)))).toEqual([
      '< 10 KiB',
      '10–100 KiB',
      '100 KiB–1 MiB',
      '1–10 MiB',
      '≥ 10 MiB',
    ]);
    expect(numbers.map((f) => f.values[0])).toEqual([4194, 25795, 6856, 1966, 97]);
  });

  it('use the binary bytes unit for every size, as the size buckets and filters do', () => {
    const units = JSON.stringify(dashboards).match(/"(dec)?bytes"/g) ?? [];
    expect(units.length).toBeGreaterThan(0);
    expect(units.every((u) => u === '"bytes"')).toBe(true);
  });

  it("show the seed's threat-intel columns", async () => {
    const p = byUid('exotrace-monitoring').panels.find((x) => x.id === 7)!;
    const [out] = await lastValueFrom(transformDataFrame(p.transformations!, framesOf('exotrace-monitoring', 7)));
    expect(out.fields.map((f) => f.config.displayName ?? f.name)).toEqual([
      'sender',
      'malicious_confidence',
      'actor',
      'labels',
      'threat_count',
      'matched_field',
      'provider',
      'first_seen',
      'last_seen',
    ]);
    expect(out.length).toBeGreaterThan(0);
  });
});
