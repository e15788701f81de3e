import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { MODEL_KEYS, operatorsFor, QUERY_TYPE_INFO } from '../queryModel';
import {
  BASELINE_MODES,
  BASELINE_OUTPUTS,
  CAMPAIGN_OUTPUTS,
  DIMENSIONS,
  FILTER_DIMENSIONS,
  GEO_SIDES,
  KEYWORD_MODES,
  METRICS,
  MessageTraceQuery,
  NOVELTY_DIMENSIONS,
  NOVELTY_OUTPUTS,
  OPERATORS,
  PROFILE_OPERATORS,
  QUERY_TYPES,
  STATS,
  THREAT_OUTPUTS,
} from '../types';
import type * as Model from './query.gen';

// The query contract is pkg/kinds/query.schema.json; the backend validates queries against it
// (pkg/kinds). These tests fail when the editor's types or lists drift from it.

interface Branch {
  if: { properties: Record<string, { enum?: string[] }> };
  then: { properties: Record<string, { enum?: string[]; maxItems?: number }> };
}
interface EnumDef {
  enum: string[];
  properties?: Record<string, unknown>;
  allOf?: Branch[];
}
interface Schema {
  properties: Record<string, unknown>;
  $defs: Record<string, EnumDef>;
}

const root = join(__dirname, '..', '..');
const schema: Schema = JSON.parse(readFileSync(join(root, 'pkg/kinds/query.schema.json'), 'utf8'));
const enumOf = (name: string) => schema.$defs[name].enum;
const sorted = (values: readonly string[]) => [...values].sort();

// Compile-time: each list holds exactly its generated union, no more and no less.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact: Array<true> = [
  true satisfies Same<(typeof QUERY_TYPES)[number], Model.QueryType>,
  true satisfies Same<(typeof DIMENSIONS)[number], Model.Dimension>,
  true satisfies Same<(typeof OPERATORS)[number], Model.Operator>,
  true satisfies Same<(typeof METRICS)[number], Model.Metric>,
  true satisfies Same<(typeof STATS)[number], Model.Stat>,
  true satisfies Same<(typeof GEO_SIDES)[number], Model.GeoSide>,
  true satisfies Same<(typeof BASELINE_MODES)[number], Model.BaselineMode>,
  true satisfies Same<(typeof KEYWORD_MODES)[number], Model.KeywordMode>,
  true satisfies Same<(typeof NOVELTY_DIMENSIONS)[number], Model.NoveltyDimension>,
  true satisfies Same<(typeof NOVELTY_OUTPUTS)[number] | '', Model.NoveltyOutput>,
  true satisfies Same<(typeof BASELINE_OUTPUTS)[number] | '', Model.BaselineOutput>,
  true satisfies Same<(typeof CAMPAIGN_OUTPUTS)[number] | '', Model.CampaignOutput>,
  true satisfies Same<(typeof MODEL_KEYS)[number] | 'queryType', keyof Model.MessageTraceQueryModel>,
  true satisfies Same<
    keyof Model.MessageTraceQueryModel,
    Exclude<keyof MessageTraceQuery, 'refId' | 'hide' | 'key' | 'datasource'>
  >,
];

describe('query contract (pkg/kinds/query.schema.json)', () => {
  it('src/kinds/query.gen.ts is generated from the current schema', () => {
    expect(exact).toHaveLength(14);
    // Throws (and fails the test) with the script's message when the file is stale.
    execFileSync(process.execPath, [join(root, 'scripts/gen-kinds.mjs'), '--check'], { stdio: 'pipe' });
  });

  it.each([
    ['QueryType', QUERY_TYPES],
    ['Dimension', DIMENSIONS],
    ['FilterDimension', FILTER_DIMENSIONS],
    ['Operator', OPERATORS],
    ['Metric', METRICS],
    ['Stat', STATS],
    ['GeoSide', GEO_SIDES],
    ['BaselineMode', BASELINE_MODES],
    ['KeywordMode', KEYWORD_MODES],
    ['NoveltyDimension', NOVELTY_DIMENSIONS],
  ] as const)('the editor lists every %s of the schema, in its order', (name, list) => {
    expect([...list]).toEqual(enumOf(name));
  });

  it.each([
    ['ThreatOutput', THREAT_OUTPUTS],
    ['CampaignOutput', CAMPAIGN_OUTPUTS],
    ['BaselineOutput', BASELINE_OUTPUTS],
    ['NoveltyOutput', NOVELTY_OUTPUTS],
  ] as const)('%s: the editor offers every column (the table is a missing key, the schema\'s "")', (name, list) => {
    expect(['', ...list]).toEqual(enumOf(name));
  });

  it("the operators without values are the schema's, on the dimensions the editor offers them for", () => {
    const [branch] = schema.$defs.Filter.allOf ?? [];
    expect(branch.if.properties.op.enum).toEqual([...PROFILE_OPERATORS]);
    expect(branch.then.properties.values.maxItems).toBe(0);
    const dims = branch.then.properties.dimension.enum ?? [];
    for (const d of FILTER_DIMENSIONS) {
      const offered = PROFILE_OPERATORS.filter((op) => operatorsFor(d).includes(op));
      expect([d, offered]).toEqual([d, dims.includes(d) ? [...PROFILE_OPERATORS] : []]);
    }
  });

  it('every option of the schema is an editor key, and the other way round', () => {
    expect(sorted([...MODEL_KEYS, 'queryType'])).toEqual(sorted(Object.keys(schema.properties)));
  });

  it('every query type has an editor, and each editor only writes schema options', () => {
    expect(sorted(Object.keys(QUERY_TYPE_INFO))).toEqual(sorted(enumOf('QueryType')));
    for (const info of Object.values(QUERY_TYPE_INFO)) {
      for (const key of [...info.keys, ...Object.keys(info.initial)]) {
        expect(schema.properties).toHaveProperty([key]);
      }
    }
  });
});
