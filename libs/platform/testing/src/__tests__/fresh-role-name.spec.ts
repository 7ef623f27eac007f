import { describe, expect, it } from 'vitest';
import { freshRoleName } from '../index.js';

describe('freshRoleName', () => {
  it('names a distinct mp_test_ role after the label on every call', () => {
    const [first, second] = [freshRoleName('Orders App'), freshRoleName('Orders App')];

    expect(first).toMatch(/^mp_test_orders_app_[0-9a-f]{10}$/);
    expect(first).not.toBe(second);
  });

  it('stays within the 63-byte limit of Postgres identifiers, keeping the random suffix', () => {
    const name = freshRoleName('x'.repeat(100));

    expect(name).toHaveLength(63);
    expect(name).toMatch(/_[0-9a-f]{10}$/);
  });
});
