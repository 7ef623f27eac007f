import { collectDefaultMetrics, register } from 'prom-client';

let defaultsCollected = false;

/** Process-wide default metrics, registered once even when several Nest apps share a process (tests). */
export function ensureDefaultMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  register.setDefaultLabels({ service });
  collectDefaultMetrics({ prefix: 'meshplane_' });
}

export { register as metricsRegistry };
