// Validation of the data source settings, split by concern: fields (IDs, domains, URLs, paths),
// PEM armour, a minimal DER reader, certificate and key checks, and the whole form.
export * from './certificates';
export * from './fields';
export * from './pem';
export * from './settings';
export type { CertificateInfo } from './der';
export { parseCertificate } from './der';
