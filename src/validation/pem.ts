// PEM armour: blocks, labels and base64, with messages that say how to fix a bad paste.

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
