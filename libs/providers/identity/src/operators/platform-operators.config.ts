import { z } from 'zod';
import { hasControlCharacters, isEmail } from '@meshplane/graphql';

/** One holder of the platform-operator role: a provider's subject (for `local`, the sign-in email). */
export interface PlatformOperatorEntry {
  provider: string;
  subject: string;
}

const LOCAL = 'local';
const NONE = 'none';
const MAX_SUBJECT = 500;

/**
 * `PLATFORM_OPERATORS="local:ops@example.com,acme:user:42"`: who may act across organizations. Each entry is
 * `<provider>:<subject>` split at the first colon (remote subjects may hold colons); `local` subjects are the
 * email a local user signs in with (local user ids are generated, so nobody could name them beforehand). Unset
 * means the local bootstrap admin (`local:<LOCAL_ADMIN_EMAIL>`); `none` means nobody.
 */
export const platformOperatorsVariable = z
  .string()
  .optional()
  .transform((value, ctx): PlatformOperatorEntry[] | undefined => {
    if (value === undefined) return undefined;
    if (value.trim().toLowerCase() === NONE) return [];
    try {
      return parsePlatformOperators(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

export function parsePlatformOperators(value: string): PlatformOperatorEntry[] {
  const seen = new Set<string>();
  const entries: PlatformOperatorEntry[] = [];
  for (const raw of value.split(',').map((part) => part.trim())) {
    if (raw === '') continue;
    const separator = raw.indexOf(':');
    const provider = raw.slice(0, separator).trim();
    let subject = raw.slice(separator + 1).trim();
    if (separator <= 0 || !/^[a-z][a-z0-9-]*$/.test(provider) || subject === '') {
      throw new Error(
        `"${raw}" must look like <provider>:<subject>, e.g. local:ops@example.com or acme:user-42`,
      );
    }
    // The comma separates entries; control characters cannot be written into one variable either.
    if (subject.length > MAX_SUBJECT || hasControlCharacters(subject)) {
      throw new Error(
        `the subject of "${provider}:…" must be 1 to ${MAX_SUBJECT} characters without control characters`,
      );
    }
    if (provider === LOCAL) {
      subject = subject.toLowerCase();
      if (!isEmail(subject))
        throw new Error(`"${raw}": a local operator is named by the email it signs in with`);
    }
    const key = `${provider}:${subject}`;
    if (seen.has(key)) throw new Error(`"${key}" is listed twice`);
    seen.add(key);
    entries.push({ provider, subject });
  }
  if (entries.length === 0)
    throw new Error(`name at least one <provider>:<subject>, or "${NONE}" for nobody`);
  return entries;
}

/**
 * The entries in force: the configured ones, else the bootstrap admin. Every remote entry must name a configured
 * provider, or an operator could believe someone holds the role who never can (a typo); refused at start.
 */
export function platformOperatorsOf(config: {
  PLATFORM_OPERATORS: PlatformOperatorEntry[] | undefined;
  LOCAL_ADMIN_EMAIL: string;
  REMOTE_PROVIDERS: readonly { name: string }[];
}): PlatformOperatorEntry[] {
  return config.PLATFORM_OPERATORS ?? [{ provider: LOCAL, subject: config.LOCAL_ADMIN_EMAIL.toLowerCase() }];
}

export function unknownOperatorProviders(
  entries: readonly PlatformOperatorEntry[] | undefined,
  remoteProviders: readonly { name: string }[],
): string[] {
  const known = new Set([LOCAL, ...remoteProviders.map((entry) => entry.name)]);
  return [...new Set((entries ?? []).map((entry) => entry.provider).filter((name) => !known.has(name)))];
}
