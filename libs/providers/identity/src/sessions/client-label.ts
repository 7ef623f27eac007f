import {
  NAME_MAX_LENGTH,
  replaceControlCharacters,
  ValidationFailedError,
  type Caller,
} from '@meshplane/graphql';
import type { SessionOrigin } from './login-sessions.repository.js';

const MAX_LENGTH = NAME_MAX_LENGTH;

/**
 * The label a client gives its session (`meshplane-cli 0.3 on linux`, `Firefox on a laptop`): shown back to the
 * same user in `mySessions`, so it is only cleaned of control and bidi characters and bounded, never trusted.
 */
export function clientLabel(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const cleaned = replaceControlCharacters(raw, ' ').trim();
  if ([...cleaned].length > MAX_LENGTH) {
    throw new ValidationFailedError('client', `must be at most ${MAX_LENGTH} characters`);
  }
  return cleaned === '' ? undefined : cleaned;
}

/** The optional `client` argument of every mutation that starts a session. */
export const CLIENT_ARG = {
  type: () => String,
  nullable: true,
  description: 'Names this device or client in mySessions (up to 100 characters).',
} as const;

/** Where a session begins: the provider, the label the client gave, the address the gateway saw. */
export function originOf(caller: Caller, provider: string, client: string | null | undefined): SessionOrigin {
  const label = clientLabel(client);
  return {
    provider,
    ...(label === undefined ? {} : { client: label }),
    ...(caller.clientAddress === undefined ? {} : { clientAddress: caller.clientAddress }),
  };
}
