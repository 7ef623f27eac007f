/** Header `typ` of access tokens (RFC 9068): it keeps ID tokens or other JWTs from passing as access tokens. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Asymmetric only: a symmetric algorithm would let anyone holding the public key forge tokens. */
export const ALLOWED_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;

/** Claim names beyond the registered ones; remote providers must use the same names (see the contract). */
export const CLAIM_ORG_ID = 'org_id';
export const CLAIM_ROLES = 'roles';
export const CLAIM_SCOPE = 'scope';
export const CLAIM_CLIENT_ID = 'client_id';
