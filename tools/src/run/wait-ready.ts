import { setTimeout as sleep } from 'node:timers/promises';

/** Polls a readiness URL until it answers 2xx, or fails naming what never became ready. */
export async function waitReady(
  name: string,
  url: string,
  timeoutMs: number,
  isAlive: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (!isAlive()) last = `process is not running (${last})`;
    await sleep(250);
  }
  throw new Error(`${name} did not become ready at ${url} within ${timeoutMs} ms: ${last}`);
}
