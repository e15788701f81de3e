import { generateKeyPairSync } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import {
  formatUtc,
  parsePem,
  validateBaseUrl,
  validateCaCertificatePem,
  validateCertificatePem,
  validateClientId,
  validateDomain,
  validateDomains,
  validateOptionalGuid,
  validatePrivateKeyPem,
  validateRequestBudget,
  validateServerPath,
  validateSettings,
  validateTenantId,
} from './validation';

const fixture = (name: string) => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');
const VALID_CERT = fixture('valid-cert.pem');
const EXPIRED_CERT = fixture('expired-cert.pem');
const NOW = new Date(Date.UTC(2026, 5, 1));
const GUID = '0b3b4e8e-3c2f-4c1e-9f0a-6d2b1a7c5e11';

const SPKI = { type: 'spki' as const, format: 'pem' as const };

/** Keys are made at run time so that no private key is committed. */
function key(type: 'pkcs8' | 'pkcs1' | 'sec1', encrypted = false): string {
  if (type === 'sec1') {
    return generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: SPKI,
      privateKeyEncoding: { type: 'sec1', format: 'pem' },
    }).privateKey;
  }
  const privateKeyEncoding = encrypted
    ? { type: 'pkcs8' as const, format: 'pem' as const, cipher: 'aes-256-cbc', passphrase: 'secret' }
    : { type, format: 'pem' as const };
  return generateKeyPairSync('rsa', { modulusLength: 1024, publicKeyEncoding: SPKI, privateKeyEncoding }).privateKey;
}

describe('GUIDs and tenant', () => {
  it('accepts GUIDs in either case', () => {
    expect(validateClientId(GUID)).toBeUndefined();
    expect(validateClientId(GUID.toUpperCase())).toBeUndefined();
    expect(validateClientId(` ${GUID} `)).toBeUndefined();
  });

  it('says what a client ID must look like', () => {
    expect(validateClientId('')).toMatch(/Enter the Client ID/);
    expect(validateClientId('8bd644d1-64a1-4d4b-ae52')).toMatch(/must be a GUID \(xxxxxxxx-xxxx/);
    expect(validateClientId('8bd644d1-64a1-4d4b-ae52-2e0cbf64e37z')).toMatch(/Application \(client\) ID/);
  });

  it('accepts a tenant GUID or a verified domain', () => {
    expect(validateTenantId(GUID)).toBeUndefined();
    expect(validateTenantId('contoso.onmicrosoft.com')).toBeUndefined();
    expect(validateTenantId('example.co.jp')).toBeUndefined();
    expect(validateTenantId('')).toMatch(/Enter the directory \(tenant\) ID/);
    expect(validateTenantId('contoso')).toMatch(/neither a GUID .* nor a domain/);
  });

  it('treats optional GUIDs as optional', () => {
    expect(validateOptionalGuid('', 'Managed identity client ID')).toBeUndefined();
    expect(validateOptionalGuid('abc', 'Managed identity client ID')).toMatch(/must be a GUID .* or empty/);
  });
});

describe('domains', () => {
  it.each(['example.com', 'example.co.jp', 'mail.sub-domain.example.org', 'xn--r8jz45g.jp', '例え.jp', 'EXAMPLE.COM'])(
    'accepts %s',
    (domain) => expect(validateDomain(domain)).toBeUndefined()
  );

  it.each([
    ['user@example.com', /domain only, without the mailbox and @ \(e.g. example.com\)/],
    ['*.example.com', /without wildcard/],
    ['https://example.com', /without wildcard, scheme or path/],
    ['localhost', /at least two labels/],
    ['-bad.example.com', /label "-bad"/],
    ['exa_mple.com', /label "exa_mple"/],
    ['10.0.0.1', /looks like an IP address/],
    ['', /Enter a domain/],
  ])('rejects %s', (domain, message) => expect(validateDomain(domain)).toMatch(message));

  it('reports the first bad or duplicated domain of a list', () => {
    expect(validateDomains(['example.com', 'example.co.jp'])).toBeUndefined();
    expect(validateDomains(['example.com', 'bad domain'])).toMatch(/"bad domain"/);
    expect(validateDomains(['example.com', 'Example.com'])).toMatch(/listed twice/);
  });
});

describe('base URLs', () => {
  it('accepts https and empty (the default)', () => {
    expect(validateBaseUrl('https://graph.microsoft.com', false)).toBeUndefined();
    expect(validateBaseUrl('https://graph.microsoft.us/', false)).toBeUndefined();
    expect(validateBaseUrl('', false)).toBeUndefined();
  });

  it('rejects http unless insecure endpoints are allowed', () => {
    expect(validateBaseUrl('http://127.0.0.1:8080', false)).toMatch(/Use https:\/\/ .*Allow insecure endpoints/);
    expect(validateBaseUrl('http://127.0.0.1:8080', true)).toBeUndefined();
  });

  it('rejects junk, other schemes, queries and credentials', () => {
    expect(validateBaseUrl('graph.microsoft.com', false)).toMatch(
      /not a URL; enter an absolute URL such as https:\/\//
    );
    expect(validateBaseUrl('ftp://x.example', true)).toMatch(/Only https:\/\/ URLs/);
    expect(validateBaseUrl('https://x.example/?a=1', false)).toMatch(/without \? query/);
    expect(validateBaseUrl('https://u:p@x.example', false)).toMatch(/credentials/);
  });
});

describe('request budget', () => {
  it.each([1, 90, 100, '50', undefined, ''])('accepts %p', (v) => expect(validateRequestBudget(v)).toBeUndefined());
  it.each([0, 101, 2.5, -1, Number.NaN, 'abc'])('rejects %p', (v) =>
    expect(validateRequestBudget(v)).toMatch(/whole number from 1 to 100/)
  );
});

describe('PEM and certificates', () => {
  it('reads subject and validity of the fixture certificates', () => {
    const valid = validateCertificatePem(VALID_CERT, NOW);
    expect(valid.error).toBeUndefined();
    expect(valid.certificates).toEqual([
      {
        subject: 'exotrace-test-valid',
        notBefore: new Date('2024-01-01T00:00:00Z'),
        notAfter: new Date('2055-06-30T12:00:00Z'), // GeneralizedTime
      },
    ]);
    const expired = validateCertificatePem(EXPIRED_CERT, NOW);
    expect(expired.certificates[0].notAfter).toEqual(new Date('2024-01-31T23:59:59Z')); // UTCTime, v1 cert
  });

  it('reports an expired certificate with its date', () => {
    expect(validateCertificatePem(EXPIRED_CERT, NOW).error).toBe(
      'CN=exotrace-test-expired expired on 2024-01-31 23:59:59 UTC. Create a new certificate, upload it to the app registration and paste it here.'
    );
  });

  it('reports a certificate that is not valid yet', () => {
    expect(validateCertificatePem(VALID_CERT, new Date('2023-06-01T00:00:00Z')).error).toMatch(
      /not valid before 2024-01-01 00:00:00 UTC/
    );
  });

  it('explains missing armour, broken base64 and broken DER', () => {
    expect(validateCertificatePem('', NOW).error).toMatch(/Paste the client certificate in PEM form/);
    expect(validateCertificatePem('MIIDQTCCAimgAwIBAgICEAIwDQYJ', NOW).error).toMatch(/No PEM block found/);
    expect(validateCertificatePem('-----BEGIN CERTIFICATE-----\nMIID\n', NOW).error).toMatch(/no matching -----END/);
    const badBase64 = VALID_CERT.replace(/\n(.)/, '\n!$1');
    expect(validateCertificatePem(badBase64, NOW).error).toMatch(/not valid base64/);
    const lines = VALID_CERT.trim().split('\n');
    const truncated = [lines[0], ...lines.slice(1, 6), lines[lines.length - 1]].join('\n');
    expect(validateCertificatePem(truncated, NOW).error).toMatch(/does not hold an X\.509 certificate \(truncated\)/);
    const mismatched = VALID_CERT.replace('END CERTIFICATE', 'END PUBLIC KEY');
    expect(validateCertificatePem(mismatched, NOW).error).toMatch(/closed by "END PUBLIC KEY"/);
  });

  it('points a private key pasted as certificate to the right field', () => {
    expect(validateCertificatePem(key('pkcs8'), NOW).error).toMatch(/holds a private key.*into Private key/);
    expect(validateCertificatePem(`${VALID_CERT}\n${VALID_CERT}`, NOW).error).toMatch(/one certificate only/);
  });

  it('accepts a CA bundle of several certificates and rejects an expired one in it', () => {
    expect(validateCaCertificatePem('', NOW).error).toBeUndefined();
    const bundle = validateCaCertificatePem(`${VALID_CERT}\n${VALID_CERT}`, NOW);
    expect(bundle.error).toBeUndefined();
    expect(bundle.certificates).toHaveLength(2);
    expect(validateCaCertificatePem(`${VALID_CERT}\n${EXPIRED_CERT}`, NOW).error).toMatch(/expired on 2024-01-31/);
  });

  it('splits PEM text into labelled DER blocks', () => {
    const blocks = parsePem(`junk before\n${VALID_CERT}trailing`);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].label).toBe('CERTIFICATE');
    expect(blocks[0].der[0]).toBe(0x30);
  });

  it('formats dates in UTC', () => {
    expect(formatUtc(new Date('2024-01-31T23:59:59Z'))).toBe('2024-01-31 23:59:59 UTC');
  });
});

describe('private keys', () => {
  it('accepts RSA keys in PKCS#8 and PKCS#1 form', () => {
    expect(validatePrivateKeyPem(key('pkcs8'))).toBeUndefined();
    expect(validatePrivateKeyPem(key('pkcs1'))).toBeUndefined();
  });

  it('rejects EC keys, in SEC1 or PKCS#8 form', () => {
    expect(validatePrivateKeyPem(key('sec1'))).toMatch(/not an RSA key/);
    const ecPkcs8 = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: SPKI,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }).privateKey;
    expect(validatePrivateKeyPem(ecPkcs8)).toMatch(/not an RSA key/);
  });

  it('explains what is wrong', () => {
    expect(validatePrivateKeyPem('')).toMatch(/Paste the private key in PEM form/);
    expect(validatePrivateKeyPem(key('pkcs8', true))).toMatch(/encrypted; export it without a passphrase/);
    expect(validatePrivateKeyPem(VALID_CERT)).toMatch(/This is a certificate; paste it into Client certificate/);
    const lines = key('pkcs8').trim().split('\n');
    const damaged = [lines[0], ...lines.slice(1, 4), lines[lines.length - 1]].join('\n');
    expect(validatePrivateKeyPem(damaged)).toMatch(/DER structure does not parse/);
  });
});

describe('server paths', () => {
  const example = '/var/lib/grafana/geo.csv';
  it('accepts empty, POSIX, Windows drive and UNC paths', () => {
    for (const ok of [
      undefined,
      '',
      '/var/lib/grafana/geo.csv.gz',
      'C:\\grafana\\geo.csv',
      'd:/geo.csv',
      '\\\\nas\\geo.csv',
    ]) {
      expect(validateServerPath(ok, example)).toBeUndefined();
    }
  });

  it('rejects relative paths and line breaks with a fix-it message', () => {
    expect(validateServerPath('geo.csv', example)).toBe(
      '"geo.csv" is not an absolute path: give the full path of the file on the Grafana server, such as /var/lib/grafana/geo.csv.'
    );
    for (const relative of ['./geo.csv', '~/geo.csv', ' /geo.csv', 'C:geo.csv', 'file:///geo.csv']) {
      expect(validateServerPath(relative, example)).toMatch(/not an absolute path/);
    }
    expect(validateServerPath('/geo.csv\n/etc/passwd', example)).toBe('The path must be a single line.');
    expect(validateServerPath('/geo.csv\r', example)).toBe('The path must be a single line.');
  });

  it('checks the extension when the loader needs one', () => {
    expect(validateServerPath('/intel/feed.JSON', example, ['.csv', '.json'])).toBeUndefined();
    expect(validateServerPath('/intel/feed.csv.gz', example, ['.csv', '.json'])).toBe(
      'The file must end in .csv or .json.'
    );
  });
});

describe('validateSettings', () => {
  it('needs nothing in demo mode', () => {
    expect(validateSettings({ jsonData: {} })).toEqual({});
    expect(validateSettings({ jsonData: { mode: 'demo', tenantId: 'junk' } })).toEqual({});
  });

  it('lists every missing tenant setting for client secret auth', () => {
    expect(Object.keys(validateSettings({ jsonData: { mode: 'tenant' } })).sort()).toEqual([
      'clientId',
      'clientSecret',
      'tenantId',
    ]);
  });

  it('accepts a stored secret without seeing it', () => {
    expect(
      validateSettings({
        jsonData: { mode: 'tenant', tenantId: GUID, clientId: GUID, authType: 'clientSecret' },
        configured: { clientSecret: true },
      })
    ).toEqual({});
  });

  it('checks typed certificate and key, but not stored ones', () => {
    const jsonData = {
      mode: 'tenant' as const,
      tenantId: GUID,
      clientId: GUID,
      authType: 'clientCertificate' as const,
    };
    expect(
      validateSettings({ jsonData, secureJsonData: { clientCertificate: EXPIRED_CERT, privateKey: 'nope' } }, NOW)
    ).toEqual({
      clientCertificate: expect.stringMatching(/expired on 2024-01-31 23:59:59 UTC/),
      privateKey: expect.stringMatching(/No PEM block found/),
    });
    expect(validateSettings({ jsonData, configured: { clientCertificate: true, privateKey: true } }, NOW)).toEqual({});
  });

  it('accepts the certificate and its key in one PEM, as the backend does', () => {
    const jsonData = {
      mode: 'tenant' as const,
      tenantId: GUID,
      clientId: GUID,
      authType: 'clientCertificate' as const,
    };
    const combined = `${VALID_CERT}\n${key('pkcs8')}`;
    expect(validateCertificatePem(combined, NOW).error).toBeUndefined();
    expect(validateSettings({ jsonData, secureJsonData: { clientCertificate: combined } }, NOW)).toEqual({});
    // A broken key after the certificate is still named.
    expect(validateCertificatePem(`${VALID_CERT}\n${key('pkcs8', true)}`, NOW).error).toMatch(/encrypted/);
    // Only the certificate: the key is asked for.
    expect(validateSettings({ jsonData, secureJsonData: { clientCertificate: VALID_CERT } }, NOW)).toEqual({
      privateKey: expect.stringMatching(/after the certificate/),
    });
  });

  it('needs no client ID for managed identity and checks the optional one', () => {
    const jsonData = { mode: 'tenant' as const, tenantId: GUID, authType: 'managedIdentity' as const };
    expect(validateSettings({ jsonData })).toEqual({});
    expect(validateSettings({ jsonData: { ...jsonData, managedIdentityClientId: 'x' } })).toEqual({
      managedIdentityClientId: expect.stringMatching(/GUID/),
    });
  });

  it('checks domains, budget, URLs and CA', () => {
    const errors = validateSettings(
      {
        jsonData: {
          mode: 'tenant',
          tenantId: GUID,
          authType: 'workloadIdentity',
          clientId: GUID,
          acceptedDomains: ['example.com', 'bad_domain.com'],
          requestBudget: 150,
          loginBaseUrl: 'http://127.0.0.1:9000',
          graphBaseUrl: 'https://graph.microsoft.com',
          caCertificate: EXPIRED_CERT,
        },
      },
      NOW
    );
    expect(Object.keys(errors).sort()).toEqual(['acceptedDomains', 'caCertificate', 'loginBaseUrl', 'requestBudget']);
  });

  it('checks the enrichment paths in tenant mode only', () => {
    const paths = { geoDatabasePath: 'geo.csv', threatIntelPath: '/intel/feed.txt' };
    expect(validateSettings({ jsonData: { mode: 'demo', ...paths } })).toEqual({});
    expect(
      validateSettings({ jsonData: { mode: 'tenant', tenantId: GUID, authType: 'managedIdentity', ...paths } })
    ).toEqual({
      geoDatabasePath: expect.stringMatching(/not an absolute path/),
      threatIntelPath: 'The file must end in .csv or .json.',
    });
  });
});
