/** How a preloaded loopback guard names a refused connection on stderr. */
export const LOOPBACK_REFUSAL = 'loopback-only: refused a connection to';
