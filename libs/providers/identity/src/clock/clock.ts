/** Milliseconds since the epoch; injected so expiry and rotation are testable without sleeping. */
export type Clock = () => number;

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = () => Date.now();
