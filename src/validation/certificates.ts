// Certificate and key checks of the settings form: the client certificate, its private key and the
// extra CA bundle.

import { CertificateInfo, childrenOf, INTEGER, OID, parseCertificate, readTlv, SEQUENCE } from './der';
import { parsePem } from './pem';

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
    const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
    if (blocks.some((b) => b.label.includes('PRIVATE KEY'))) {
      if (allowMany) {
        return { certificates: [], error: `This ${field} text holds a private key. Paste only the certificate here.` };
      }
      if (certs.length === 0) {
        return {
          certificates: [],
          error: `This ${field} text holds a private key but no certificate. Paste the certificate here (its key may follow it in the same PEM), or the key into Private key.`,
        };
      }
      // The certificate and its key in one PEM, as the backend accepts it.
      const keyError = validatePrivateKeyPem(v);
      if (keyError) {
        return { certificates: [], error: keyError };
      }
    }
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
