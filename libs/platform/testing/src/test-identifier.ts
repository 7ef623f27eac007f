import { randomBytes } from 'node:crypto';

const MAX_IDENTIFIER = 63;

/** `mp_test_<label slug>_<random>`, within Postgres' 63-byte identifier limit. */
export function testIdentifier(label: string): string {
  const suffix = randomBytes(5).toString('hex');
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `mp_test_${slug}`.slice(0, MAX_IDENTIFIER - suffix.length - 1) + `_${suffix}`;
}
