/** Every process the run command starts, in start order: backend subgraphs first, the gateway last. */
export interface ServiceSpec {
  name: string;
  /** Offset from SERVICE_PORT_BASE (the gateway uses GATEWAY_PORT instead). */
  portOffset: number;
  migrates: boolean;
}

export const BACKEND_SERVICES: ServiceSpec[] = [
  { name: 'providers', portOffset: 1, migrates: true },
  { name: 'meshsync-ingest', portOffset: 2, migrates: true },
  { name: 'adapters-broker', portOffset: 3, migrates: true },
  { name: 'perf', portOffset: 4, migrates: true },
  { name: 'patterns', portOffset: 5, migrates: true },
  { name: 'conformance', portOffset: 6, migrates: true },
];

export const GATEWAY: ServiceSpec = { name: 'gateway', portOffset: 0, migrates: false };
