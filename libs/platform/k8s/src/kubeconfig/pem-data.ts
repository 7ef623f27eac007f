import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { KubeconfigError } from './kubeconfig-error.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Strict base64 (kubectl's `*-data` fields), returned normalised without whitespace. */
function decodeBase64(value: string, field: string): { normalised: string; pem: string } {
  const normalised = value.replace(/\s+/g, '');
  if (normalised.length === 0 || !BASE64.test(normalised)) {
    throw new KubeconfigError('INVALID_FIELD', field, 'is not valid base64');
  }
  return { normalised, pem: Buffer.from(normalised, 'base64').toString('utf8') };
}

/** A CA bundle or client certificate: base64 of one or more PEM certificates that all parse. */
export function certificateData(value: string, field: string): { data: string; first: X509Certificate } {
  const { normalised, pem } = decodeBase64(value, field);
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) {
    throw new KubeconfigError('INVALID_FIELD', field, 'does not contain a PEM certificate');
  }
  try {
    const certificates = blocks.map((block) => new X509Certificate(block));
    return { data: normalised, first: certificates[0] as X509Certificate };
  } catch (cause) {
    throw new KubeconfigError('INVALID_FIELD', field, 'contains a certificate that does not parse', {
      cause,
    });
  }
}

/** A PEM private key (PKCS#1, PKCS#8 or SEC1), base64-encoded. */
export function privateKeyData(value: string, field: string): { data: string; key: KeyObject } {
  const { normalised, pem } = decodeBase64(value, field);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw new KubeconfigError('INVALID_FIELD', field, 'does not contain a PEM private key');
  }
  try {
    return { data: normalised, key: createPrivateKey({ key: pem, format: 'pem' }) };
  } catch (cause) {
    throw new KubeconfigError('INVALID_FIELD', field, 'contains a private key that does not parse', {
      cause,
    });
  }
}
