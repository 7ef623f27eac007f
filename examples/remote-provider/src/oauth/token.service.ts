import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  createTokenVerifier,
  issueAccessToken,
  type KeyRing,
  type Principal,
  type TokenVerifier,
} from '@meshplane/auth';
import type { User, UserStore } from '../users/user.store.js';
import { OAuthError } from './oauth.errors.js';
import { verifyPkceS256 } from './pkce.js';

export interface OAuthClient {
  clientId: string;
  redirectUris: string[];
}

export interface TokenServiceOptions {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  clients: readonly OAuthClient[];
  users: UserStore;
  ring: KeyRing;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
}

interface PendingCode extends AuthorizationRequest {
  subject: string;
  expiresAt: number;
  /** Set when redeemed; a second redemption revokes what the first one produced (RFC 6749 4.1.2). */
  familyId?: string;
}

interface RefreshRecord {
  familyId: string;
  subject: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

/** One login session: every access and refresh token descending from one authorization code. */
interface Family {
  revoked: boolean;
}

export const SUPPORTED_SCOPES = ['profile', 'persistence'] as const;
const CODE_TTL_MS = 60_000;

export class TokenService {
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly families = new Map<string, Family>();
  private readonly revokedAccessTokens = new Set<string>();
  private readonly accessTokenFamily = new Map<string, string>();
  private readonly accessTokenClient = new Map<string, string>();
  readonly verifier: TokenVerifier;

  constructor(private readonly options: TokenServiceOptions) {
    this.verifier = createTokenVerifier({
      providers: [
        { name: 'self', issuer: options.issuer, audience: options.audience, jwks: () => options.ring.jwks() },
      ],
      clockToleranceSec: 0,
      isRevoked: (jti) => this.isAccessTokenRevoked(jti),
    });
  }

  client(clientId: string, redirectUri: string): OAuthClient | undefined {
    const client = this.options.clients.find((c) => c.clientId === clientId);
    return client?.redirectUris.includes(redirectUri) ? client : undefined;
  }

  issueCode(request: AuthorizationRequest, user: User): string {
    const code = randomBytes(32).toString('base64url');
    this.codes.set(hash(code), { ...request, subject: user.subject, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  async redeemCode(params: {
    code: string;
    clientId: string;
    redirectUri: string;
    codeVerifier: string;
  }): Promise<TokenResponse> {
    const pending = this.codes.get(hash(params.code));
    if (!pending || pending.expiresAt <= Date.now())
      throw new OAuthError('invalid_grant', 'unknown or expired code');
    if (pending.familyId !== undefined) {
      this.revokeFamily(pending.familyId);
      throw new OAuthError('invalid_grant', 'code already used');
    }
    if (pending.clientId !== params.clientId || pending.redirectUri !== params.redirectUri) {
      throw new OAuthError('invalid_grant', 'code was issued to another client or redirect URI');
    }
    if (!verifyPkceS256(params.codeVerifier, pending.codeChallenge)) {
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
    }
    const familyId = randomUUID();
    pending.familyId = familyId;
    this.families.set(familyId, { revoked: false });
    return this.issueTokens(familyId, pending.subject, pending.clientId, pending.scopes);
  }

  async refresh(refreshToken: string, clientId: string): Promise<TokenResponse> {
    const record = this.refreshTokens.get(hash(refreshToken));
    if (!record || record.clientId !== clientId)
      throw new OAuthError('invalid_grant', 'unknown refresh token');
    const family = this.families.get(record.familyId);
    if (record.used) {
      // Reuse of a rotated refresh token means it leaked: end the whole session (OAuth 2.0 Security BCP 4.14).
      this.revokeFamily(record.familyId);
      throw new OAuthError('invalid_grant', 'refresh token already used');
    }
    if (!family || family.revoked || record.expiresAt <= Date.now()) {
      throw new OAuthError('invalid_grant', 'refresh token expired or revoked');
    }
    record.used = true;
    return this.issueTokens(record.familyId, record.subject, record.clientId, record.scopes);
  }

  /** RFC 7009: revoking an unknown or foreign token is not an error, so nothing is revealed. */
  async revoke(token: string, clientId: string): Promise<void> {
    const record = this.refreshTokens.get(hash(token));
    if (record) {
      if (record.clientId === clientId) this.revokeFamily(record.familyId);
      return;
    }
    const principal = await this.verifyAccessToken(token);
    if (principal) this.revokedAccessTokens.add(principal.tokenId);
  }

  async verifyAccessToken(token: string): Promise<Principal | undefined> {
    try {
      return await this.verifier.verify(token);
    } catch {
      return undefined;
    }
  }

  /** RFC 7662 response for either kind of token. */
  async introspect(token: string): Promise<Record<string, unknown>> {
    const record = this.refreshTokens.get(hash(token));
    if (record) {
      const active =
        !record.used && record.expiresAt > Date.now() && !this.families.get(record.familyId)?.revoked;
      if (!active) return { active: false };
      return {
        active: true,
        token_type: 'refresh_token',
        client_id: record.clientId,
        sub: record.subject,
        scope: record.scopes.join(' '),
        exp: Math.floor(record.expiresAt / 1000),
        iss: this.options.issuer,
      };
    }
    const principal = await this.verifyAccessToken(token);
    if (!principal) return { active: false };
    return {
      active: true,
      token_type: 'access_token',
      client_id: this.accessTokenClient.get(principal.tokenId),
      sub: principal.subject,
      scope: principal.scopes.join(' '),
      exp: Math.floor(principal.expiresAt.getTime() / 1000),
      iss: this.options.issuer,
      aud: this.options.audience,
      jti: principal.tokenId,
      org_id: principal.orgId,
      roles: principal.roles,
    };
  }

  private async issueTokens(familyId: string, subject: string, clientId: string, scopes: string[]) {
    const user = this.options.users.bySubjectId(subject);
    if (!user) throw new OAuthError('invalid_grant', 'user no longer exists');
    const tokenId = randomUUID();
    const accessToken = await issueAccessToken(this.options.ring, {
      issuer: this.options.issuer,
      audience: this.options.audience,
      subject,
      ...(user.orgId === undefined ? {} : { orgId: user.orgId }),
      roles: user.roles,
      scopes,
      clientId,
      tokenId,
      ttlSeconds: this.options.accessTokenTtlSeconds,
    });
    this.accessTokenFamily.set(tokenId, familyId);
    this.accessTokenClient.set(tokenId, clientId);
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.set(hash(refreshToken), {
      familyId,
      subject,
      clientId,
      scopes,
      expiresAt: Date.now() + this.options.refreshTokenTtlSeconds * 1000,
      used: false,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer' as const,
      expires_in: this.options.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      scope: scopes.join(' '),
    };
  }

  private isAccessTokenRevoked(tokenId: string): boolean {
    const familyId = this.accessTokenFamily.get(tokenId);
    return (
      this.revokedAccessTokens.has(tokenId) ||
      (familyId !== undefined && !!this.families.get(familyId)?.revoked)
    );
  }

  private revokeFamily(familyId: string): void {
    const family = this.families.get(familyId);
    if (family) family.revoked = true;
  }
}

/** Tokens and codes are stored hashed so a memory dump does not hand out live credentials. */
function hash(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
