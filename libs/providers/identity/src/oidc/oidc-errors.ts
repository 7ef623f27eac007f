import { DomainError } from '@meshplane/graphql';
import { AddressRefusedError, UnreachableError } from './policy-fetch.js';

/** The provider cannot be reached now: signing in through it fails; sessions it began keep working. */
export class IdentityProviderUnavailableError extends DomainError {
  constructor(provider: string) {
    super(
      'IDENTITY_PROVIDER_UNAVAILABLE',
      `The identity provider "${provider}" cannot be reached: signing in with it fails until it answers again ` +
        '(sessions already signed in keep working)',
      { provider },
    );
  }
}

/** The provider's address is refused by the outbound policy: an operator's configuration matter. */
export class IdentityProviderNotAllowedError extends DomainError {
  constructor(provider: string) {
    super(
      'IDENTITY_PROVIDER_NOT_ALLOWED',
      `The identity provider "${provider}" is at an address this installation refuses to connect to ` +
        '(the providers service log says which); an operator opens its range with OIDC_ALLOW_CIDRS',
      { provider },
    );
  }
}

export type OidcRefusal =
  /** state unknown, used, expired or begun with another provider. */
  | 'STATE_INVALID'
  /** The provider refused the code (used, expired, issued to another client) or reported an error. */
  | 'CODE_REFUSED'
  /** The ID token failed validation: issuer, audience, expiry, nonce, signature. */
  | 'ID_TOKEN_INVALID';

const MESSAGES: Record<OidcRefusal, string> = {
  STATE_INVALID: 'This sign-in has expired or was already used: start it again',
  CODE_REFUSED: 'The identity provider refused this sign-in: start it again',
  ID_TOKEN_INVALID: "The identity provider's answer could not be verified: sign-in refused",
};

/** A sign-in refused on evidence (never on an outage): UNAUTHENTICATED with a reason code. */
export class OidcSignInRefusedError extends DomainError {
  constructor(readonly reason: OidcRefusal) {
    super('UNAUTHENTICATED', MESSAGES[reason], { reason });
  }
}

/** Whether `error` (or what caused it) says the provider could not be reached or its address was refused. */
export function transportFailureOf(error: unknown): AddressRefusedError | UnreachableError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (current instanceof AddressRefusedError || current instanceof UnreachableError) return current;
    current = current.cause;
  }
  return undefined;
}

/** The error a transport failure at `provider` becomes for the client. */
export function providerFailure(
  provider: string,
  failure: AddressRefusedError | UnreachableError,
): DomainError {
  return failure instanceof AddressRefusedError
    ? new IdentityProviderNotAllowedError(provider)
    : new IdentityProviderUnavailableError(provider);
}
