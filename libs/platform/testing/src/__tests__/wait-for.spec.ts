import { describe, expect, it } from 'vitest';
import { waitFor } from '../index.js';

describe('waitFor', () => {
  it('resolves as soon as the predicate holds', async () => {
    let calls = 0;
    await waitFor(() => ++calls === 3, { description: 'the third call', intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('fails with the description once the timeout passes', async () => {
    await expect(
      waitFor(() => false, { description: 'a condition that never holds', timeoutMs: 30 }),
    ).rejects.toThrow('timed out after 30 ms waiting for a condition that never holds');
  });

  it('treats a throwing predicate as not yet true and reports its last error', async () => {
    const attempt = waitFor(
      () => {
        throw new Error('connection refused');
      },
      { description: 'the server', timeoutMs: 30 },
    );
    await expect(attempt).rejects.toThrow('waiting for the server (last error: connection refused)');
  });
});
