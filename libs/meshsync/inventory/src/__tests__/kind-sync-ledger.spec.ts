import { describe, expect, it } from 'vitest';
import { includesSync } from '../query/kind-sync-ledger.js';

const older = '1795227205422-aaaa';
const newer = '1795227205423-0000';

describe('includesSync', () => {
  it('counts a sync as committed when it or a newer one of the kind is', () => {
    expect(includesSync(older, older)).toBe(true);
    expect(includesSync(newer, older)).toBe(true);
  });

  it('does not when nothing or only an older sync is committed', () => {
    expect(includesSync(undefined, older)).toBe(false);
    expect(includesSync(older, newer)).toBe(false);
    expect(includesSync('legacy-id', older)).toBe(false);
  });
});
