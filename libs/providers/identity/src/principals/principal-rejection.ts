import type { PrincipalRejection } from '@meshplane/contracts';

const STATUS: Record<PrincipalRejection['code'], 401 | 403> = {
  TOKEN_REVOKED: 401,
  TOKEN_UNKNOWN: 401,
  TOKEN_EXPIRED: 401,
  USER_DISABLED: 401,
  NOT_A_MEMBER: 403,
  ORGANIZATION_SUSPENDED: 403,
};

const MESSAGES: Record<PrincipalRejection['code'], string> = {
  TOKEN_REVOKED: 'The token has been revoked.',
  TOKEN_UNKNOWN: 'The token is not known.',
  TOKEN_EXPIRED: 'The token has expired.',
  USER_DISABLED: 'The account is disabled.',
  NOT_A_MEMBER: 'The user is not a member of that organization.',
  ORGANIZATION_SUSPENDED: 'That organization is suspended by the platform operator.',
};

/** Why a principal cannot be resolved, as the internal contract's 401/403 bodies name it. */
export class PrincipalRejectedError extends Error {
  readonly status: 401 | 403;

  constructor(readonly code: PrincipalRejection['code']) {
    super(MESSAGES[code]);
    this.status = STATUS[code];
  }

  body(): PrincipalRejection {
    return { code: this.code, message: this.message };
  }
}
