import { describe, expect, it } from 'vitest';
import { onFreePort } from '../process/free-port-retry.js';

const portTaken = () => new Error('listen tcp 127.0.0.1:1234: bind: address already in use');

describe('onFreePort', () => {
  it('tries another free port when the one it picked was taken before the server bound it', async () => {
    const tried: number[] = [];
    const port = await onFreePort(undefined, async (candidate) => {
      tried.push(candidate);
      if (tried.length === 1) throw portTaken();
      return candidate;
    });

    expect(tried).toHaveLength(2);
    expect(port).toBe(tried[1]);
  });

  it('uses a port chosen by the caller as is, without retrying', async () => {
    const tried: number[] = [];
    const attempt = onFreePort(4223, async (candidate) => {
      tried.push(candidate);
      throw portTaken();
    });

    await expect(attempt).rejects.toThrow('address already in use');
    expect(tried).toEqual([4223]);
  });

  it('does not retry failures other than a taken port', async () => {
    let calls = 0;
    const attempt = onFreePort(undefined, async () => {
      calls += 1;
      throw new Error('initdb failed');
    });

    await expect(attempt).rejects.toThrow('initdb failed');
    expect(calls).toBe(1);
  });
});
