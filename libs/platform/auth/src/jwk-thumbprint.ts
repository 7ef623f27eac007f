import { createHash } from 'node:crypto';

export interface Ed25519PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/**
 * RFC 7638 thumbprint of an Ed25519 key, computed synchronously so that key rotation needs no await.
 * The required members of an OKP key, in lexicographic order, are crv, kty and x.
 */
export function ed25519Thumbprint(jwk: Ed25519PublicJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical).digest('base64url');
}
