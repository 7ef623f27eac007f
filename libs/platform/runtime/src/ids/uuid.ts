// Fixed-width groups: no quantifier can backtrack, whatever the input.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `value` is a UUID in its 8-4-4-4-12 hexadecimal form (any case): the one definition, behind
 * `checkUuid` (`@meshplane/graphql`, arguments) and `parseTenantId` (`@meshplane/database`, tenants).
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
