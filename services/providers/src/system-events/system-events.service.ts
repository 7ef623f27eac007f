import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { systemEvent, type SystemEvent as SystemEventPayload } from '@meshplane/contracts';
import { checkText, decodeCursor, encodeCursor, pageOf, pageSize } from '@meshplane/graphql';
import { Publisher } from '@meshplane/messaging';
import { Clock, SERVICE_IDENTITY, type ServiceIdentity } from '@meshplane/runtime';
import type { SystemEventsArgs } from './dto/system-events.args.js';
import { SystemEventEntity } from './entities/system-event.entity.js';
import type { SystemEventConnection } from './models/system-event-connection.model.js';
import { SystemEventKind, SystemEventSeverity, type SystemEvent } from './models/system-event.model.js';
import { SystemEventsRepository } from './system-events.repository.js';

/** What a caller may read of the log: every event (platform operators) or the notices meant for everyone. */
export type EventVisibility = 'all' | 'notices';
export const MAX_MESSAGE_LENGTH = 2000;

/** The JetStream sequence totally orders the log (newest first): it is the whole position. */
const CURSOR = { order: 'systemEvents', keys: ['integer'] } as const;

@Injectable()
export class SystemEventsService {
  constructor(
    private readonly repository: SystemEventsRepository,
    private readonly publisher: Publisher,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    private readonly clock: Clock,
  ) {}

  /** Persists one event delivered by JetStream; safe to call again for the same event. */
  async record(payload: SystemEventPayload, streamSeq: number): Promise<void> {
    const entity = Object.assign(new SystemEventEntity(), {
      id: payload.id,
      service: payload.service,
      instance: payload.instance,
      kind: payload.kind,
      severity: payload.severity,
      message: payload.message,
      at: new Date(payload.at),
      streamSeq: String(streamSeq),
    });
    await this.repository.insertIfAbsent(entity);
  }

  async list(args: SystemEventsArgs, visibility: EventVisibility): Promise<SystemEventConnection> {
    const size = pageSize(args.first);
    const beforeSeq = decodeCursor(args.after, CURSOR)?.[0];
    const kinds = visibleKinds(args.filter?.kinds?.map(toContractValue), visibility);
    if (kinds !== undefined && kinds.length === 0)
      return { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    const rows = await this.repository.page({
      limit: size + 1,
      beforeSeq,
      services: args.filter?.services ?? undefined,
      kinds,
      severities: args.filter?.severities?.map(toContractValue),
    });
    return pageOf(rows, size, (row) => encodeCursor(CURSOR, [row.streamSeq]), toModel);
  }

  /** Publishes an operator notice; it reaches the log and every live subscriber through JetStream. */
  async announce(message: string, severity: SystemEventSeverity): Promise<SystemEvent> {
    const trimmed = checkText(message, 'input.message', { max: MAX_MESSAGE_LENGTH });
    const payload: SystemEventPayload = {
      id: randomUUID(),
      service: this.identity.service,
      instance: this.identity.instance,
      kind: 'notice',
      severity: toContractValue(severity) as SystemEventPayload['severity'],
      message: trimmed,
      at: this.clock.now().toISOString(),
    };
    await this.publisher.publish(systemEvent, payload);
    return fromPayload(payload);
  }
}

/** The kinds to ask for (undefined: any); an empty list means the caller asked only for kinds it may not see. */
function visibleKinds(requested: string[] | undefined, visibility: EventVisibility): string[] | undefined {
  if (visibility === 'all') return requested?.length ? requested : undefined;
  return requested?.length ? requested.filter((kind) => kind === 'notice') : ['notice'];
}

/** GraphQL enum value (`NOTICE`) → contract value (`notice`). */
function toContractValue(value: string): string {
  return value.toLowerCase();
}

export function fromPayload(payload: SystemEventPayload): SystemEvent {
  return {
    ...payload,
    kind: payload.kind.toUpperCase() as SystemEventKind,
    severity: payload.severity.toUpperCase() as SystemEventSeverity,
    at: new Date(payload.at),
  };
}

function toModel(row: SystemEventEntity): SystemEvent {
  return {
    id: row.id,
    service: row.service,
    instance: row.instance,
    kind: row.kind.toUpperCase() as SystemEventKind,
    severity: row.severity.toUpperCase() as SystemEventSeverity,
    message: row.message,
    at: row.at,
  };
}
