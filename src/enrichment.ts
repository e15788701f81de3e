/** Threat-intel providers and watchlists, as jsonData.intelProviders / jsonData.watchlists store them. */

export type IntelProviderType = 'crowdstrike' | 'taxii' | 'misp' | 'list';
export type ListFormat = 'lines' | 'csv' | 'json';

/** Which CSV column holds what: a header name or a 1-based column number. */
export interface ListMapping {
  indicator?: string;
  type?: string;
  confidence?: string;
  actor?: string;
  labels?: string;
  labelSeparator?: string;
  delimiter?: string;
}

export interface IntelProviderOptions {
  id: string;
  type: IntelProviderType;
  name: string;
  disabled?: boolean;
  refreshMinutes?: number;
  cloud?: string;
  baseUrl?: string;
  clientId?: string;
  minConfidence?: string;
  collectionUrl?: string;
  username?: string;
  apiKeyHeader?: string;
  url?: string;
  inline?: string;
  format?: ListFormat;
  mapping?: ListMapping;
  confidence?: number;
  actor?: string;
}

export interface WatchlistOptions {
  id: string;
  name: string;
  refreshMinutes?: number;
  url?: string;
  inline?: string;
  format?: ListFormat;
  mapping?: ListMapping;
  risk?: number;
  apiKeyHeader?: string;
}

/** secureJsonData key of a provider's secret (client secret, password, API key or header value). */
export function intelSecretKey(id: string): `intelSecret.${string}` {
  return `intelSecret.${id}`;
}

/** secureJsonData key of a watchlist's download header value. */
export function watchlistSecretKey(id: string): `watchlistSecret.${string}` {
  return `watchlistSecret.${id}`;
}

/**
 * The next free id with this prefix: p1, p2... An id whose secret is still stored (a removed
 * provider's) is not reused, so a new provider never inherits an old secret.
 */
export function nextId(
  prefix: string,
  taken: Array<{ id: string }>,
  secretStored: (id: string) => boolean = () => false
): string {
  let n = 1;
  while (taken.some((t) => t.id === `${prefix}${n}`) || secretStored(`${prefix}${n}`)) {
    n++;
  }
  return `${prefix}${n}`;
}

export const CROWDSTRIKE_CLOUDS = ['us-1', 'us-2', 'eu-1', 'us-gov-1'];
