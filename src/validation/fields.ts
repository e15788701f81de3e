// Field validators of the settings form. Each returns undefined when the value is fine, or a message
// that says what to fix. No React and no Grafana runtime, so they are easy to unit-test.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_EXAMPLE = 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx';

export function isGuid(value: string): boolean {
  return GUID.test(value.trim());
}

export function validateClientId(value: string | undefined, label = 'Client ID'): string | undefined {
  const v = (value ?? '').trim();
  if (!v) {
    return `Enter the ${label} of the app registration (a GUID such as ${GUID_EXAMPLE}).`;
  }
  if (!isGuid(v)) {
    return `${label} must be a GUID (${GUID_EXAMPLE}); copy "Application (client) ID" from the app's Overview page in Entra ID.`;
  }
  return undefined;
}

/** Optional GUID, e.g. a user-assigned managed identity's client ID. */
export function validateOptionalGuid(value: string | undefined, label: string): string | undefined {
  const v = (value ?? '').trim();
  return v && !isGuid(v) ? `${label} must be a GUID (${GUID_EXAMPLE}) or empty.` : undefined;
}

export function validateTenantId(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (!v) {
    return `Enter the directory (tenant) ID: a GUID such as ${GUID_EXAMPLE} or a verified domain such as contoso.onmicrosoft.com.`;
  }
  if (isGuid(v) || validateDomain(v) === undefined) {
    return undefined;
  }
  return `"${v}" is neither a GUID (${GUID_EXAMPLE}) nor a domain; copy "Directory (tenant) ID" from Entra ID, or use a verified domain such as contoso.onmicrosoft.com.`;
}

// ASCII letters, digits and hyphens, or any non-ASCII character for IDN labels. (A \p{L} class would
// be expanded into tens of kilobytes by the ES2015 transpile target.)
const LABEL = /^[a-z0-9\u0080-\uffff](?:[a-z0-9\u0080-\uffff-]{0,61}[a-z0-9\u0080-\uffff])?$/i;

/** A DNS domain such as example.co.jp (IDN letters or xn-- labels allowed). */
export function validateDomain(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (!v) {
    return 'Enter a domain such as example.com.';
  }
  if (v.includes('@')) {
    return `"${v}": enter the domain only, without the mailbox and @ (e.g. ${v.split('@').pop() || 'example.com'}).`;
  }
  if (v.startsWith('*.') || v.includes('://') || v.includes('/')) {
    return `"${v}": enter a bare domain such as example.com, without wildcard, scheme or path.`;
  }
  const labels = v.replace(/\.$/, '').split('.');
  if (labels.length < 2) {
    return `"${v}" needs at least two labels, such as example.com.`;
  }
  if (v.length > 253) {
    return `"${v}" is longer than 253 characters.`;
  }
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) {
    return `"${v}" is not a valid domain: the label "${bad}" may hold only letters, digits and inner hyphens (1-63 characters).`;
  }
  if (/^\d+$/.test(labels[labels.length - 1])) {
    return `"${v}" looks like an IP address; enter a domain name.`;
  }
  return undefined;
}

/** The first accepted domain that is not valid, or a duplicate. */
export function validateDomains(values: string[] | undefined): string | undefined {
  const seen = new Set<string>();
  for (const value of values ?? []) {
    const error = validateDomain(value);
    if (error) {
      return error;
    }
    const key = value.trim().toLowerCase();
    if (seen.has(key)) {
      return `"${value}" is listed twice.`;
    }
    seen.add(key);
  }
  return undefined;
}

/** Base URL for the login or Graph endpoint; https only, unless insecure endpoints are allowed. */
export function validateBaseUrl(
  value: string | undefined,
  allowInsecure: boolean,
  example = 'https://graph.microsoft.com'
): string | undefined {
  const v = (value ?? '').trim();
  if (!v) {
    return undefined; // empty = the default
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `"${v}" is not a URL; enter an absolute URL such as ${example}.`;
  }
  if (url.protocol === 'http:') {
    return allowInsecure
      ? undefined
      : `Use https:// (plain http is accepted only with "Allow insecure endpoints" on, for test endpoints).`;
  }
  if (url.protocol !== 'https:') {
    return `Only https:// URLs are supported, not ${url.protocol}//.`;
  }
  if (url.search || url.hash) {
    return 'Enter the base URL only, without ? query or # fragment.';
  }
  if (url.username || url.password) {
    return 'Do not put credentials in the URL.';
  }
  return undefined;
}

export function validateRequestBudget(value: number | string | undefined): string | undefined {
  if (value === undefined || value === '') {
    return undefined; // empty = the default, 90
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    return 'Enter a whole number from 1 to 100: Microsoft allows 100 message-trace requests per 5 minutes per tenant, shared by every tool that uses it.';
  }
  return undefined;
}

// POSIX root, a Windows drive (C:\ or C:/) or a UNC share (\\server\share).
const ABSOLUTE_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/;
/** The backend picks the feed's parser by extension. */
export const THREAT_FEED_EXTENSIONS = ['.csv', '.json'] as const;

/**
 * Optional path of a file on the Grafana server. Only its shape is checked here: whether the file
 * exists and parses is for the backend (Save & test).
 */
export function validateServerPath(
  value: string | undefined,
  example: string,
  extensions?: readonly string[]
): string | undefined {
  const v = value ?? '';
  if (v === '') {
    return undefined;
  }
  if (/[\r\n]/.test(v)) {
    return 'The path must be a single line.';
  }
  if (!ABSOLUTE_PATH.test(v)) {
    return `"${v}" is not an absolute path: give the full path of the file on the Grafana server, such as ${example}.`;
  }
  if (extensions && !extensions.some((ext) => v.toLowerCase().endsWith(ext))) {
    return `The file must end in ${extensions.join(' or ')}.`;
  }
  return undefined;
}
