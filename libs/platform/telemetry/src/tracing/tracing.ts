import type { TracingSettings } from './tracing-settings.js';

interface RunningSdk {
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let running: RunningSdk | undefined;

/**
 * True once the SDK runs in this process. Every seam checks it first and does nothing more when tracing is off,
 * so a process without an OTLP endpoint pays one boolean test per request, publish or query.
 */
export function tracingEnabled(): boolean {
  return running !== undefined;
}

/**
 * Starts the OpenTelemetry SDK for this process, or does nothing when `settings` is undefined: the SDK modules are
 * imported here, on demand, so a process with tracing off never loads them. Call it before the process serves.
 */
export async function startTracing(settings: TracingSettings | undefined): Promise<void> {
  if (settings === undefined) return;
  if (running !== undefined) throw new Error('tracing is already started in this process');
  const { startSdk } = await import('./sdk.js');
  running = startSdk(settings);
}

/** Sends the spans finished so far. */
export async function flushTracing(): Promise<void> {
  await running?.flush();
}

/** Sends what is left and stops the SDK; tracing is off afterwards. */
export async function shutdownTracing(): Promise<void> {
  const sdk = running;
  running = undefined;
  await sdk?.shutdown();
}
