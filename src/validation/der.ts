// A minimal DER walk: just enough of X.509 to read a certificate's validity and subject CN, and of
// PKCS#8 to tell an RSA key from another. Not a general ASN.1 parser.

import { PemError } from './pem';

export interface Tlv {
  tag: number;
  /** First content byte. */
  start: number;
  /** One past the last content byte. */
  end: number;
}

export function readTlv(der: Uint8Array, offset: number, limit = der.length): Tlv {
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

export function childrenOf(der: Uint8Array, parent: Tlv): Tlv[] {
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

export const SEQUENCE = 0x30;
const SET = 0x31;
export const INTEGER = 0x02;
export const OID = 0x06;
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
