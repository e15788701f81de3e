// Pure validators for the config editor. Each returns undefined when the value is fine, or a message
// that says what to fix. No React and no Grafana runtime, so they are easy to unit-test.

import type { MessageTraceOptions, MessageTraceSecureJsonData } from './types';

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
const THREAT_FEED_EXTENSIONS = ['.csv', '.json'] as const;

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

// ---- PEM and a minimal DER walk -------------------------------------------------------------

export interface PemBlock {
  label: string;
  der: Uint8Array;
}

export class PemError extends Error {}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END ([A-Z0-9 ]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(body: string, label: string): Uint8Array {
  const compact = body.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new PemError(
      `The ${label} block is not valid base64; copy the whole block again, from BEGIN to END, without edits.`
    );
  }
  const binary = atob(compact);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** Splits PEM text into its blocks; throws PemError with a fix-it message. */
export function parsePem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    const [, begin, body, end] = match;
    if (begin !== end) {
      throw new PemError(`"BEGIN ${begin}" is closed by "END ${end}"; the block is damaged.`);
    }
    if (/^[\w-]+:/m.test(body)) {
      throw new PemError(
        `The ${begin} block has PEM headers (e.g. Proc-Type: ENCRYPTED); export it without a passphrase.`
      );
    }
    blocks.push({ label: begin, der: decodeBase64(body, begin) });
  }
  if (blocks.length === 0) {
    throw new PemError(
      text.includes('-----BEGIN')
        ? 'The PEM block has no matching -----END …----- line.'
        : 'No PEM block found: the text must start with a line such as -----BEGIN CERTIFICATE-----. A .cer/.der or .pfx file must be converted to PEM first (openssl x509 / openssl pkcs12).'
    );
  }
  return blocks;
}

interface Tlv {
  tag: number;
  /** First content byte. */
  start: number;
  /** One past the last content byte. */
  end: number;
}

function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
  if (offset + 2 > limit) {
    throw new PemError('truncated');
  }
  const tag = der[offset];
  if ((tag & 0x1f) === 0x1f) {
    throw new PemError('unexpected high tag number');
  }
  let length = der[offset + 1];
  let header = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) {
      throw new PemError('invalid length');
    }
    length = 0;
    for (let i = 0; i < n; i++) {
      if (offset + 2 + i >= limit) {
        throw new PemError('truncated');
      }
      length = length * 256 + der[offset + 2 + i];
    }
    header += n;
  }
  const start = offset + header;
  const end = start + length;
  if (end > limit) {
    throw new PemError('truncated');
  }
  return { tag, start, end };
}

function childrenOf(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = readTlv(der, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (!tlv || tlv.tag !== tag) {
    throw new PemError(`${what} missing`);
  }
  return tlv;
}

const SEQUENCE = 0x30;
const SET = 0x31;
const INTEGER = 0x02;
const OID = 0x06;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;
const CN_OID = [0x55, 0x04, 0x03];

function ascii(der: Uint8Array, tlv: Tlv): string {
  return new TextDecoder('utf-8').decode(der.subarray(tlv.start, tlv.end));
}

function readTime(der: Uint8Array, tlv: Tlv): Date {
  const s = ascii(der, tlv);
  let m: RegExpMatchArray | null;
  let year: number;
  if (tlv.tag === UTC_TIME && (m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/))) {
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 4.1.2.5.1
  } else if (
    tlv.tag === GENERALIZED_TIME &&
    (m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/))
  ) {
    year = Number(m[1]);
  } else {
    throw new PemError(`unreadable validity time "${s}"`);
  }
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}

function commonName(der: Uint8Array, name: Tlv): string | undefined {
  for (const rdn of childrenOf(der, name)) {
    if (rdn.tag !== SET) {
      continue;
    }
    for (const attr of childrenOf(der, rdn)) {
      const [oid, value] = attr.tag === SEQUENCE ? childrenOf(der, attr) : [];
      if (oid?.tag === OID && value && oid.end - oid.start === 3) {
        const bytes = Array.from(der.subarray(oid.start, oid.end));
        if (bytes.every((b, i) => b === CN_OID[i])) {
          return ascii(der, value);
        }
      }
    }
  }
  return undefined;
}

export interface CertificateInfo {
  subject?: string;
  notBefore: Date;
  notAfter: Date;
}

/** Reads subject CN and validity from a DER X.509 certificate; throws PemError if the shape is wrong. */
export function parseCertificate(der: Uint8Array): CertificateInfo {
  try {
    const cert = expectTag(readTlv(der, 0), SEQUENCE, 'Certificate');
    if (cert.end !== der.length) {
      throw new PemError('trailing bytes');
    }
    const tbs = expectTag(childrenOf(der, cert)[0], SEQUENCE, 'TBSCertificate');
    const fields = childrenOf(der, tbs);
    let i = fields[0]?.tag === 0xa0 ? 1 : 0; // optional [0] version
    expectTag(fields[i++], INTEGER, 'serialNumber');
    expectTag(fields[i++], SEQUENCE, 'signature');
    expectTag(fields[i++], SEQUENCE, 'issuer');
    const validity = expectTag(fields[i++], SEQUENCE, 'validity');
    const subject = expectTag(fields[i++], SEQUENCE, 'subject');
    const [notBefore, notAfter] = childrenOf(der, validity);
    if (!notBefore || !notAfter) {
      throw new PemError('validity incomplete');
    }
    return {
      subject: commonName(der, subject),
      notBefore: readTime(der, notBefore),
      notAfter: readTime(der, notAfter),
    };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new PemError(`The CERTIFICATE block does not hold an X.509 certificate (${detail}).`);
  }
}

export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function describe(info: CertificateInfo): string {
  return info.subject ? `CN=${info.subject}` : 'the certificate';
}

export interface CertificateCheck {
  error?: string;
  certificates: CertificateInfo[];
}

function checkCertificates(text: string | undefined, now: Date, field: string, allowMany: boolean): CertificateCheck {
  const v = (text ?? '').trim();
  if (!v) {
    return { certificates: [], error: `Paste the ${field} in PEM form (-----BEGIN CERTIFICATE----- …).` };
  }
  try {
    const blocks = parsePem(v);
    if (blocks.some((b) => b.label.includes('PRIVATE KEY'))) {
      return {
        certificates: [],
        error: `This ${field} text holds a private key. Paste only the certificate here${allowMany ? '' : ', and the key into Private key'}.`,
      };
    }
    const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
    if (certs.length === 0) {
      return {
        certificates: [],
        error: `Expected a CERTIFICATE block, found ${blocks.map((b) => b.label).join(', ')}.`,
      };
    }
    if (!allowMany && certs.length > 1) {
      return { certificates: [], error: 'Paste one certificate only (the one uploaded to the app registration).' };
    }
    const certificates = certs.map((b) => parseCertificate(b.der));
    for (const info of certificates) {
      if (info.notAfter.getTime() < now.getTime()) {
        return {
          certificates,
          error: `${describe(info)} expired on ${formatUtc(info.notAfter)}. Create a new certificate, upload it to the app registration and paste it here.`,
        };
      }
      if (info.notBefore.getTime() > now.getTime()) {
        return { certificates, error: `${describe(info)} is not valid before ${formatUtc(info.notBefore)}.` };
      }
    }
    return { certificates };
  } catch (e) {
    return { certificates: [], error: e instanceof Error ? e.message : String(e) };
  }
}

/** The client certificate: exactly one X.509 certificate, currently valid. */
export function validateCertificatePem(text: string | undefined, now = new Date()): CertificateCheck {
  return checkCertificates(text, now, 'client certificate', false);
}

/** Extra trusted CA certificates: one or more, each currently valid. Empty is fine. */
export function validateCaCertificatePem(text: string | undefined, now = new Date()): CertificateCheck {
  if (!(text ?? '').trim()) {
    return { certificates: [] };
  }
  return checkCertificates(text, now, 'CA certificate', true);
}

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'];

/** The certificate's private key: unencrypted RSA, PKCS#8 or PKCS#1 PEM. */
export function validatePrivateKeyPem(text: string | undefined): string | undefined {
  const v = (text ?? '').trim();
  if (!v) {
    return 'Paste the private key in PEM form (-----BEGIN PRIVATE KEY----- …).';
  }
  try {
    const blocks = parsePem(v);
    if (blocks.some((b) => b.label === 'ENCRYPTED PRIVATE KEY')) {
      return 'The private key is encrypted; export it without a passphrase (e.g. openssl pkcs8 -topk8 -nocrypt).';
    }
    const keys = blocks.filter((b) => KEY_LABELS.includes(b.label));
    if (keys.length === 0) {
      return blocks.some((b) => b.label === 'CERTIFICATE')
        ? 'This is a certificate; paste it into Client certificate, and the private key (BEGIN PRIVATE KEY) here.'
        : `Expected a PRIVATE KEY block, found ${blocks.map((b) => b.label).join(', ')}.`;
    }
    if (keys.length > 1) {
      return 'Paste one private key only.';
    }
    if (keys[0].label === 'EC PRIVATE KEY') {
      return NOT_RSA;
    }
    return keyStructureError(keys[0].der, keys[0].label === 'PRIVATE KEY');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const NOT_RSA =
  'This is not an RSA key. Microsoft Entra ID signs apps in with RSA certificates; create an RSA certificate and key.';
// 1.2.840.113549.1.1.1
const RSA_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

/** Checks the key's DER shape; for PKCS#8 also that the algorithm is RSA. */
function keyStructureError(der: Uint8Array, pkcs8: boolean): string | undefined {
  try {
    const outer = readTlv(der, 0);
    const [version, algorithm] = outer.tag === SEQUENCE && outer.end === der.length ? childrenOf(der, outer) : [];
    if (version?.tag === INTEGER) {
      if (!pkcs8) {
        return undefined;
      }
      const oid = algorithm?.tag === SEQUENCE ? childrenOf(der, algorithm)[0] : undefined;
      if (oid?.tag === OID) {
        const bytes = Array.from(der.subarray(oid.start, oid.end));
        const isRsa = bytes.length === RSA_OID.length && bytes.every((b, i) => b === RSA_OID[i]);
        return isRsa ? undefined : NOT_RSA;
      }
    }
  } catch {
    // fall through to the message below
  }
  return 'The PRIVATE KEY block is damaged (its DER structure does not parse); copy the key again.';
}

// ---- the whole settings form -----------------------------------------------------------------

export type SettingsField =
  | 'tenantId'
  | 'clientId'
  | 'managedIdentityClientId'
  | 'clientSecret'
  | 'clientCertificate'
  | 'privateKey'
  | 'acceptedDomains'
  | 'requestBudget'
  | 'loginBaseUrl'
  | 'graphBaseUrl'
  | 'caCertificate'
  | 'geoDatabasePath'
  | 'threatIntelPath';

export type SettingsErrors = Partial<Record<SettingsField, string>>;

export interface SettingsInput {
  jsonData: MessageTraceOptions;
  secureJsonData?: MessageTraceSecureJsonData;
  /** Which secrets are already stored (Grafana's secureJsonFields). */
  configured?: Partial<Record<keyof MessageTraceSecureJsonData, boolean>>;
}

/** A stored secret needs no value; a typed one must be valid. */
function secretError(
  typed: string | undefined,
  configured: boolean | undefined,
  missing: string,
  check: (value: string) => string | undefined
): string | undefined {
  if (typed) {
    return check(typed);
  }
  return configured ? undefined : missing;
}

/** Every problem in the settings, by field. Demo mode needs no Microsoft settings. */
export function validateSettings({ jsonData, secureJsonData = {}, configured = {} }: SettingsInput, now = new Date()) {
  const errors: SettingsErrors = {};
  const set = (field: SettingsField, error: string | undefined) => {
    if (error) {
      errors[field] = error;
    }
  };
  set('acceptedDomains', validateDomains(jsonData.acceptedDomains));
  if ((jsonData.mode ?? 'demo') === 'demo') {
    return errors;
  }
  const insecure = jsonData.allowInsecureEndpoints ?? false;
  set('tenantId', validateTenantId(jsonData.tenantId));
  set('requestBudget', validateRequestBudget(jsonData.requestBudget));
  set('loginBaseUrl', validateBaseUrl(jsonData.loginBaseUrl, insecure, 'https://login.microsoftonline.com'));
  set('graphBaseUrl', validateBaseUrl(jsonData.graphBaseUrl, insecure, 'https://graph.microsoft.com'));
  set('caCertificate', validateCaCertificatePem(jsonData.caCertificate, now).error);
  set('geoDatabasePath', validateServerPath(jsonData.geoDatabasePath, '/var/lib/grafana/geo/ip-country.csv.gz'));
  set(
    'threatIntelPath',
    validateServerPath(jsonData.threatIntelPath, '/var/lib/grafana/intel/feed.json', THREAT_FEED_EXTENSIONS)
  );

  switch (jsonData.authType ?? 'clientSecret') {
    case 'clientSecret':
      set('clientId', validateClientId(jsonData.clientId));
      set(
        'clientSecret',
        secretError(
          secureJsonData.clientSecret,
          configured.clientSecret,
          'Enter the client secret (its Value, not its Secret ID).',
          () => undefined
        )
      );
      break;
    case 'clientCertificate':
      set('clientId', validateClientId(jsonData.clientId));
      set(
        'clientCertificate',
        secretError(
          secureJsonData.clientCertificate,
          configured.clientCertificate,
          'Paste the certificate uploaded to the app registration (PEM).',
          (v) => validateCertificatePem(v, now).error
        )
      );
      set(
        'privateKey',
        secretError(
          secureJsonData.privateKey,
          configured.privateKey,
          "Paste the certificate's private key (PEM).",
          validatePrivateKeyPem
        )
      );
      break;
    case 'managedIdentity':
      set(
        'managedIdentityClientId',
        validateOptionalGuid(jsonData.managedIdentityClientId, 'Managed identity client ID')
      );
      break;
    case 'workloadIdentity':
      set('clientId', validateOptionalGuid(jsonData.clientId, 'Client ID'));
      break;
  }
  return errors;
}
