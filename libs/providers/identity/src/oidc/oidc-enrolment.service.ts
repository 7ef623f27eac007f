import { Injectable, Logger } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { isEmail } from '@meshplane/graphql';
import { MembershipGrants, OrganizationRefs, UsersService } from '@meshplane/providers-tenancy';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { displayName, PLACEHOLDER_DOMAIN, placeholderEmail } from '../identities/profile.js';
import { rolesFromClaims } from './claim-mappings.js';
import type { OidcProviderEntry } from './oidc.config.js';

const MAX_SUBJECT = 255;

/**
 * Who a verified ID token signs in. The identity is found by issuer and subject, never by email: a provider may
 * report any address. On a first sign-in the user is created with the token's email when the provider says it is
 * verified and no account has it yet; otherwise with a placeholder address (an admin links accounts, not a claim).
 * Then the provider's claim mappings set the user's roles in the organizations they name.
 */
@Injectable()
export class OidcEnrolment {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersService,
    private readonly organizations: OrganizationRefs,
    private readonly grants: MembershipGrants,
  ) {}

  /** The Meshplane user the token's holder is (created on the first sign-in), memberships brought in line. */
  async signIn(entry: OidcProviderEntry, issuer: string, claims: JWTPayload): Promise<string> {
    const subject = claims.sub;
    if (subject === undefined || subject.length === 0 || subject.length > MAX_SUBJECT) {
      throw new Error('the ID token has no usable subject');
    }
    const email = verifiedEmail(claims);
    const userId = await this.identities.underSubjectLock(issuer, subject, async () => {
      const known = await this.identities.userIdByIssuer(issuer, subject);
      const user =
        known ?? (await this.createUser(entry, issuer, subject, email, nameOf(claims) ?? email ?? subject));
      return this.identities.linkOidc({
        provider: entry.name,
        issuer,
        subject,
        userId: user,
        ...(email === undefined ? {} : { email }),
      });
    });
    await this.applyClaimMappings(entry, claims, userId);
    return userId;
  }

  private async createUser(
    entry: OidcProviderEntry,
    issuer: string,
    subject: string,
    email: string | undefined,
    name: string,
  ): Promise<string> {
    const profile = { displayName: displayName(name) };
    const withEmail =
      email === undefined ? undefined : await this.users.createIfEmailFree({ ...profile, email });
    if (withEmail) return withEmail.id;
    const placeholder = placeholderEmail(entry.name, `${issuer}\n${subject}`);
    return (await this.users.upsertByEmail({ ...profile, email: placeholder })).id;
  }

  /**
   * Every organization the provider's mappings name gets the role the claims grant, or loses the membership when
   * none matches (never its last owner). An organization that does not exist is skipped with a warning.
   */
  private async applyClaimMappings(
    entry: OidcProviderEntry,
    claims: JWTPayload,
    userId: string,
  ): Promise<void> {
    for (const [reference, role] of rolesFromClaims(claims, entry.claimMappings)) {
      const orgId = await this.organizations.resolve(reference);
      if (orgId === undefined) {
        this.logger.warn(
          `claim mappings of "${entry.name}" name organization "${reference}", which does not exist`,
        );
        continue;
      }
      const outcome = await this.grants.apply(orgId, userId, role);
      if (outcome === 'kept-last-owner') {
        this.logger.warn(
          `claims of a "${entry.name}" user no longer grant owner in "${reference}", but they are its last owner: kept`,
        );
      }
    }
  }
}

/** The token's email, only when the provider vouches for it and it is a plain address outside the placeholder domain. */
function verifiedEmail(claims: JWTPayload): string | undefined {
  const email = claims['email'];
  if (claims['email_verified'] !== true || typeof email !== 'string') return undefined;
  const normalized = email.trim().toLowerCase();
  if (!isEmail(normalized) || normalized.endsWith(`@${PLACEHOLDER_DOMAIN}`)) {
    return undefined;
  }
  return normalized;
}

function nameOf(claims: JWTPayload): string | undefined {
  for (const claim of ['name', 'preferred_username']) {
    const value = claims[claim];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}
