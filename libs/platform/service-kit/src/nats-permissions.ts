import { natsPermissionsFor, type NatsPermissions } from '@meshplane/messaging';
import type { BackendServiceDefinition } from './backend-service.definition.js';

/** The NATS permissions of a service's user, from what its definition declares (see natsPermissionsFor). */
export function backendNatsPermissions(definition: BackendServiceDefinition): NatsPermissions {
  return natsPermissionsFor({
    service: definition.name,
    streams: definition.streams,
    reads: definition.reads,
    consumers: definition.consumers,
    liveStreams: definition.liveStreams,
    pulls: definition.pulls,
    answers: definition.answers,
    asks: definition.asks,
  });
}

/** `services/<name>/nats-permissions.json`: generated, committed, read by the run command and the deploy check. */
export function renderNatsPermissionsFile(definition: BackendServiceDefinition): string {
  return `${JSON.stringify({ user: definition.name, ...backendNatsPermissions(definition) }, null, 2)}\n`;
}
