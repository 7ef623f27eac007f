/** Exponential reconnect delay, capped, with jitter so a fleet of replicas doesn't reconnect in lockstep. */
export function reconnectDelayMs(
  attempt: number,
  baseMs = 250,
  capMs = 10_000,
  random = Math.random,
): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
