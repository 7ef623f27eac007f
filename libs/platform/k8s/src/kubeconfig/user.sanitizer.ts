import { type Entry, optionalData, optionalString, readEntry } from './field-readers.js';
import { KubeconfigError } from './kubeconfig-error.js';
import { certificateData, privateKeyData } from './pem-data.js';
import { refuseUserFields } from './refused-fields.js';
import { type SanitizedUser } from './sanitized-context.js';

// Bearer tokens (service-account JWTs, bootstrap tokens) are visible ASCII; anything else breaks the header.
const TOKEN = /^[\x21-\x7e]+$/;

/** `entry` is `users[i]`; `path` names it (`users[0]`). */
export function sanitizeUser(entry: Entry, name: string, path: string): SanitizedUser {
  const field = `${path}.user`;
  const user = readEntry(entry, 'user', field);
  refuseUserFields(user, field);
  const sanitized: SanitizedUser = {
    name,
    ...readToken(user, field),
    ...readClientCertificate(user, field),
    ...readBasicAuth(user, field),
  };
  if (!sanitized.token && !sanitized.clientKeyData && !sanitized.username) {
    throw new KubeconfigError(
      'MISSING_FIELD',
      field,
      'has no supported credentials (token, client-certificate-data + client-key-data, or username + password)',
    );
  }
  return sanitized;
}

function readToken(user: Entry, field: string): Pick<SanitizedUser, 'token'> {
  const token = optionalString(user, 'token', `${field}.token`, 16 * 1024);
  if (token === undefined) return {};
  if (!TOKEN.test(token)) {
    throw new KubeconfigError('INVALID_FIELD', `${field}.token`, 'must be printable ASCII without spaces');
  }
  return { token };
}

function readClientCertificate(
  user: Entry,
  field: string,
): Pick<SanitizedUser, 'clientCertificateData' | 'clientKeyData'> {
  const certField = `${field}.client-certificate-data`;
  const keyField = `${field}.client-key-data`;
  const certData = optionalData(user, 'client-certificate-data', certField);
  const keyData = optionalData(user, 'client-key-data', keyField);
  if (certData === undefined && keyData === undefined) return {};
  if (certData === undefined)
    throw new KubeconfigError('MISSING_FIELD', certField, 'is required with client-key-data');
  if (keyData === undefined)
    throw new KubeconfigError('MISSING_FIELD', keyField, 'is required with client-certificate-data');
  const certificate = certificateData(certData, certField);
  const key = privateKeyData(keyData, keyField);
  if (!certificate.first.checkPrivateKey(key.key)) {
    throw new KubeconfigError('INVALID_FIELD', keyField, 'does not belong to client-certificate-data');
  }
  return { clientCertificateData: certificate.data, clientKeyData: key.data };
}

function readBasicAuth(user: Entry, field: string): Pick<SanitizedUser, 'username' | 'password'> {
  const username = optionalString(user, 'username', `${field}.username`, 256);
  const password = optionalString(user, 'password', `${field}.password`, 1024);
  if (username === undefined && password === undefined) return {};
  if (username === undefined)
    throw new KubeconfigError('MISSING_FIELD', `${field}.username`, 'is required with password');
  if (password === undefined)
    throw new KubeconfigError('MISSING_FIELD', `${field}.password`, 'is required with username');
  if (username.includes(':')) {
    throw new KubeconfigError('INVALID_FIELD', `${field}.username`, 'must not contain ":" (basic auth)');
  }
  return { username, password };
}
