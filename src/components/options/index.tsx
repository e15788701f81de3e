import React from 'react';

import { QueryType } from '../../types';
import { BaselineOptions } from './BaselineOptions';
import { CampaignsOptions } from './CampaignsOptions';
import { DetailsOptions } from './DetailsOptions';
import { OptionsProps } from './fields';
import { GeoOptions } from './GeoOptions';
import { KeywordsOptions } from './KeywordsOptions';
import { NoveltyOptions } from './NoveltyOptions';
import { TracesOptions } from './SimpleOptions';
import { StatsOptions } from './StatsOptions';
import { ThreatsOptions } from './ThreatsOptions';
import { TimeseriesOptions } from './TimeseriesOptions';
import { TopOptions } from './TopOptions';
import { ValuesOptions } from './ValuesOptions';
import { WatchlistOptions } from './WatchlistOptions';

export type { OptionsProps } from './fields';

/** The options editor of each query type; a new type adds one file and one line here. */
export const OPTIONS_EDITORS: Record<QueryType, (props: OptionsProps) => React.JSX.Element> = {
  traces: TracesOptions,
  timeseries: TimeseriesOptions,
  stats: StatsOptions,
  top: TopOptions,
  keywords: KeywordsOptions,
  campaigns: CampaignsOptions,
  baseline: BaselineOptions,
  details: DetailsOptions,
  values: ValuesOptions,
  geo: GeoOptions,
  threats: ThreatsOptions,
  novelty: NoveltyOptions,
  watchlist: WatchlistOptions,
};

export function TypeOptions({ type, ...props }: OptionsProps & { type: QueryType }) {
  const Editor = OPTIONS_EDITORS[type];
  return <Editor {...props} />;
}
