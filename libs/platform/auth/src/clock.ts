/** Milliseconds since the epoch; injectable so expiry and rotation are testable without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
