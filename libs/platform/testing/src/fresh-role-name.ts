import { testIdentifier } from './test-identifier.js';

/**
 * A role name no other test uses: roles belong to the whole Postgres server, not to the database
 * freshDatabase() made, so fixed names would collide between test files running in parallel. Named
 * `mp_test_*` like the databases, so leftovers on an external server are easy to find and drop.
 */
export function freshRoleName(label = 'role'): string {
  return testIdentifier(label);
}
