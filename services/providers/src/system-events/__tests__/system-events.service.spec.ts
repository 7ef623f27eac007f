import { describe, expect, it } from 'vitest';
import type { EventDefinition } from '@meshplane/contracts';
import { DomainError } from '@meshplane/graphql';
import type { Publisher } from '@meshplane/messaging';
import { createServiceIdentity, ManualClock } from '@meshplane/runtime';
import type { SystemEventEntity } from '../entities/system-event.entity.js';
import { SystemEventKind, SystemEventSeverity } from '../models/system-event.model.js';
import type { SystemEventQuery, SystemEventsRepository } from '../system-events.repository.js';
import { SystemEventsService } from '../system-events.service.js';

/** The repository's query semantics over an array: newest (highest sequence) first. */
class InMemorySystemEvents {
  readonly rows: SystemEventEntity[] = [];

  async insertIfAbsent(row: SystemEventEntity): Promise<boolean> {
    if (this.rows.some((existing) => existing.id === row.id)) return false;
    this.rows.push(row);
    return true;
  }

  async page(query: SystemEventQuery): Promise<SystemEventEntity[]> {
    return this.rows
      .filter((row) => !query.beforeSeq || BigInt(row.streamSeq) < BigInt(query.beforeSeq))
      .filter((row) => !query.services?.length || query.services.includes(row.service))
      .filter((row) => !query.kinds?.length || query.kinds.includes(row.kind))
      .filter((row) => !query.severities?.length || query.severities.includes(row.severity))
      .sort((a, b) => Number(BigInt(b.streamSeq) - BigInt(a.streamSeq)))
      .slice(0, query.limit);
  }
}

class RecordingPublisher {
  readonly published: { event: string; payload: unknown }[] = [];

  async publish<T>(event: EventDefinition<string, T>, payload: T) {
    this.published.push({ event: event.key, payload });
    return { seq: this.published.length, duplicate: false };
  }
}

function setup() {
  const repository = new InMemorySystemEvents();
  const publisher = new RecordingPublisher();
  const service = new SystemEventsService(
    repository as unknown as SystemEventsRepository,
    publisher as unknown as Publisher,
    createServiceIdentity('providers', '9.9.9'),
    new ManualClock(new Date('2031-02-03T04:05:06.000Z')),
  );
  return { repository, publisher, service };
}

async function failureOf(promise: Promise<unknown>): Promise<DomainError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (outcome instanceof DomainError) return outcome;
  throw new Error(`expected a DomainError, got ${String(outcome)}`);
}

describe('SystemEventsService.list', () => {
  it.each([0, -1, 101, 2.5, Number.NaN])('rejects a page size of %s naming `first`', async (first) => {
    const { service } = setup();

    const error = await failureOf(service.list({ first }, 'all'));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'first' });
    expect(error.message).toBe('first: must be between 1 and 100');
  });

  it('accepts the bounds of the page size', async () => {
    const { service } = setup();

    await expect(service.list({ first: 1 }, 'all')).resolves.toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
    await expect(service.list({ first: 100 }, 'all')).resolves.toMatchObject({ edges: [] });
  });

  it('pages newest first, following endCursor until hasNextPage is false', async () => {
    const { service } = setup();
    for (let seq = 1; seq <= 3; seq++) {
      await service.record(
        {
          id: `00000000-0000-4000-8000-00000000000${seq}`,
          service: 'perf',
          instance: 'perf-1',
          kind: 'notice',
          severity: 'info',
          message: `n${seq}`,
          at: '2026-01-01T00:00:00Z',
        },
        seq,
      );
    }

    const first = await service.list({ first: 2 }, 'all');
    const second = await service.list({ first: 2, after: first.pageInfo.endCursor }, 'all');

    expect(first.edges.map((edge) => edge.node.message)).toEqual(['n3', 'n2']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(second.edges.map((edge) => edge.node.message)).toEqual(['n1']);
    expect(second.pageInfo).toEqual({ hasNextPage: false, endCursor: second.edges[0]?.cursor });
  });
});

describe('SystemEventsService.list visibility', () => {
  async function withOneOfEachKind() {
    const { service } = setup();
    const kinds = ['started', 'notice', 'stopping'] as const;
    for (const [index, kind] of kinds.entries()) {
      await service.record(
        {
          id: `00000000-0000-4000-8000-00000000001${index}`,
          service: 'perf',
          instance: 'perf-1',
          kind,
          severity: 'info',
          message: kind,
          at: '2026-01-01T00:00:00Z',
        },
        index + 1,
      );
    }
    return service;
  }

  it('shows a platform operator every event, and anyone else the notices only', async () => {
    const service = await withOneOfEachKind();

    const all = await service.list({ first: 10 }, 'all');
    const notices = await service.list({ first: 10 }, 'notices');

    expect(all.edges.map((edge) => edge.node.message)).toEqual(['stopping', 'notice', 'started']);
    expect(notices.edges.map((edge) => edge.node.message)).toEqual(['notice']);
  });

  it('gives a non-operator asking only for service events an empty page, not those events', async () => {
    const service = await withOneOfEachKind();

    const asked = await service.list(
      { first: 10, filter: { kinds: [SystemEventKind.STARTED, SystemEventKind.STOPPING] } },
      'notices',
    );

    expect(asked).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});

describe('SystemEventsService.announce', () => {
  it.each([
    ['empty', ''],
    ['blank', '   \n '],
    ['longer than 2000 characters', 'x'.repeat(2001)],
  ])('rejects a message that is %s naming `input.message`, publishing nothing', async (_, message) => {
    const { service, publisher } = setup();

    const error = await failureOf(service.announce(message, SystemEventSeverity.INFO));

    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.details).toEqual({ field: 'input.message' });
    expect(error.message).toMatch(/^input\.message: /);
    expect(publisher.published).toEqual([]);
  });

  it('publishes a trimmed notice of 2000 characters as a SystemEvent from this replica, at the time of its clock', async () => {
    const { service, publisher } = setup();
    const message = 'y'.repeat(2000);

    const announced = await service.announce(`  ${message}  `, SystemEventSeverity.WARNING);

    expect(publisher.published).toEqual([
      {
        event: 'SystemEvent@1',
        payload: expect.objectContaining({
          service: 'providers',
          kind: 'notice',
          severity: 'warning',
          message,
          at: '2031-02-03T04:05:06.000Z',
        }),
      },
    ]);
    expect(announced).toMatchObject({ service: 'providers', kind: 'NOTICE', severity: 'WARNING', message });
  });
});
