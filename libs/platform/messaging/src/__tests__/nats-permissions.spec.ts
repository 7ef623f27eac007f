import {
  connectionCredentialsRequest,
  deadLetterStream,
  defineConsumer,
  discoveryStream,
  perfResultsStream,
  perfShardsStream,
  providersResultSyncConsumer,
  providersSystemLogConsumer,
  subjectMatches,
  systemStream,
} from '@meshplane/contracts';
import { describe, expect, it } from 'vitest';
import { inboxPrefixFor, natsPermissionsFor } from '../auth/nats-permissions.js';

/** NATS matching of a concrete subject against an allow list (`*` one token, trailing `>` the rest). */
function allowed(list: string[], subject: string): boolean {
  return list.some((pattern) =>
    pattern.startsWith('$') || pattern.startsWith('_')
      ? matchRaw(pattern, subject)
      : subjectMatches(pattern, subject),
  );
}
function matchRaw(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

const syncConsumer = defineConsumer({
  stream: discoveryStream,
  durable: 'inventory-sync-markers',
  filterSubject: 'discovery.v1.*.*.*.sync',
  ackWaitMs: 5_000,
  maxDeliver: 3,
  backoffMs: [250],
  maxAckPending: 10,
  deadLetterSubject: 'deadletter.v1.DISCOVERY.inventory-sync-markers',
});

describe('natsPermissionsFor', () => {
  const providers = natsPermissionsFor({
    service: 'providers',
    streams: [],
    consumers: [providersSystemLogConsumer],
    liveStreams: [systemStream],
  });
  const ingest = natsPermissionsFor({
    service: 'meshsync-ingest',
    streams: [discoveryStream],
    consumers: [syncConsumer],
    liveStreams: [discoveryStream],
  });
  const perf = natsPermissionsFor({ service: 'perf', streams: [], consumers: [], liveStreams: [] });

  it('lets a service announce itself on SYSTEM, and only as itself', () => {
    expect(allowed(perf.publish, 'system.v1.perf.started')).toBe(true);
    expect(allowed(perf.publish, 'system.v1.providers.started')).toBe(false);
    expect(allowed(perf.publish, 'system.v1.perf.a.b')).toBe(false);
  });

  it('lets only the service declaring a stream publish to it', () => {
    expect(allowed(ingest.publish, 'discovery.v1.org.cluster.core_v1_Pod.changes')).toBe(true);
    expect(allowed(providers.publish, 'discovery.v1.org.cluster.core_v1_Pod.changes')).toBe(false);
    expect(allowed(perf.publish, 'discovery.v1.org.cluster.core_v1_Pod.changes')).toBe(false);
  });

  it('lets a service that reads a stream ensure it and consume it, never publish to it', () => {
    const reader = natsPermissionsFor({
      service: 'providers',
      streams: [],
      reads: [perfResultsStream],
      consumers: [providersResultSyncConsumer],
      liveStreams: [],
    });
    const org = '6f1c2e1a-0000-4000-8000-000000000001';
    const result = '6f1c2e1a-0000-4000-8000-000000000002';
    expect(allowed(reader.publish, '$JS.API.STREAM.CREATE.PERF_RESULTS')).toBe(true);
    expect(allowed(reader.publish, '$JS.API.STREAM.INFO.PERF_RESULTS')).toBe(true);
    expect(allowed(reader.publish, '$JS.API.CONSUMER.MSG.NEXT.PERF_RESULTS.providers-result-sync')).toBe(
      true,
    );
    expect(allowed(reader.publish, `perf.v1.results.${org}.${result}.recorded`)).toBe(false);
    expect(allowed(reader.publish, '$JS.API.STREAM.DELETE.PERF_RESULTS')).toBe(false);
    // Updating it (its subjects, say, to capture another service's messages) is the owner's right only.
    expect(allowed(reader.publish, '$JS.API.STREAM.UPDATE.PERF_RESULTS')).toBe(false);
    expect(allowed(reader.publish, '$JS.API.STREAM.PURGE.PERF_RESULTS')).toBe(false);
    const writer = natsPermissionsFor({
      service: 'perf',
      streams: [perfResultsStream],
      consumers: [],
      liveStreams: [],
    });
    expect(allowed(writer.publish, `perf.v1.results.${org}.${result}.recorded`)).toBe(true);
  });

  it('dead-letters only on the subjects of the service’s own consumers', () => {
    expect(allowed(providers.publish, 'deadletter.v1.SYSTEM.providers-system-log')).toBe(true);
    expect(allowed(providers.publish, 'deadletter.v1.DISCOVERY.inventory-sync-markers')).toBe(false);
    expect(allowed(perf.publish, 'deadletter.v1.SYSTEM.providers-system-log')).toBe(false);
  });

  it('pulls and acks its own durables only, and follows live only the streams it declares live', () => {
    expect(allowed(providers.publish, '$JS.API.CONSUMER.MSG.NEXT.SYSTEM.providers-system-log')).toBe(true);
    expect(allowed(providers.publish, '$JS.ACK.SYSTEM.providers-system-log.1.2.3.4.0')).toBe(true);
    expect(allowed(perf.publish, '$JS.API.CONSUMER.MSG.NEXT.SYSTEM.providers-system-log')).toBe(false);
    expect(allowed(perf.publish, '$JS.ACK.SYSTEM.providers-system-log.1.2.3.4.0')).toBe(false);
    expect(allowed(providers.publish, '$JS.API.CONSUMER.CREATE.SYSTEM.oc_x_1.system.v1.>')).toBe(true);
    expect(allowed(providers.publish, '$JS.API.CONSUMER.CREATE.DISCOVERY.oc_x_1')).toBe(false);
    expect(
      allowed(
        ingest.publish,
        '$JS.API.CONSUMER.CREATE.DISCOVERY.inventory-sync-markers.discovery.v1.*.*.*.sync',
      ),
    ).toBe(true);
  });

  it('never grants deleting or purging streams, nor another stream’s management', () => {
    for (const p of [providers, ingest, perf]) {
      expect(p.publish.filter((s) => /STREAM\.(DELETE|PURGE)/.test(s))).toEqual([]);
      expect(allowed(p.publish, '$JS.API.STREAM.PURGE.DEAD_LETTER')).toBe(false);
    }
    expect(allowed(perf.publish, '$JS.API.STREAM.UPDATE.DISCOVERY')).toBe(false);
    expect(allowed(perf.publish, `$JS.API.STREAM.INFO.${deadLetterStream.name}`)).toBe(true);
  });

  it('subscribes to its own inbox only', () => {
    expect(inboxPrefixFor('perf')).toBe('_INBOX.perf');
    expect(perf.subscribe).toEqual(['_INBOX.perf.>']);
    expect(providers.subscribe).toEqual(['_INBOX.providers.>']);
  });

  it('lets the answering service subscribe to a request and reply once, and only its askers publish it', () => {
    const empty = { streams: [], consumers: [], liveStreams: [] };
    const ingest = natsPermissionsFor({
      service: 'meshsync-ingest',
      ...empty,
      answers: [connectionCredentialsRequest],
    });
    const broker = natsPermissionsFor({
      service: 'adapters-broker',
      ...empty,
      asks: [connectionCredentialsRequest],
    });
    const subject = connectionCredentialsRequest.subject;
    expect(ingest.subscribe).toEqual(['_INBOX.meshsync-ingest.>', subject]);
    expect(ingest.allowResponses).toBe(true);
    expect(allowed(ingest.publish, subject)).toBe(false);
    expect(allowed(broker.publish, subject)).toBe(true);
    expect(broker.subscribe).toEqual(['_INBOX.adapters-broker.>']);
    expect(broker.allowResponses).toBeUndefined();
    expect(perf.allowResponses).toBeUndefined();
    expect(() =>
      natsPermissionsFor({ service: 'perf', ...empty, asks: [connectionCredentialsRequest] }),
    ).toThrow(/not among its askedBy/);
    expect(() =>
      natsPermissionsFor({ service: 'perf', ...empty, answers: [connectionCredentialsRequest] }),
    ).toThrow(/which meshsync-ingest answers/);
  });

  it('lets a service pull and ack a work queue it manages itself, and nothing of another durable', () => {
    const empty = { streams: [perfShardsStream], consumers: [], liveStreams: [] };
    const perfWorker = natsPermissionsFor({
      service: 'perf',
      ...empty,
      pulls: [{ stream: perfShardsStream, durable: 'perf-load-workers' }],
    });
    expect(allowed(perfWorker.publish, '$JS.API.CONSUMER.MSG.NEXT.PERF_SHARDS.perf-load-workers')).toBe(true);
    expect(allowed(perfWorker.publish, '$JS.ACK.PERF_SHARDS.perf-load-workers.1.2.3.4.5.6')).toBe(true);
    expect(allowed(perfWorker.publish, '$JS.API.CONSUMER.MSG.NEXT.PERF_SHARDS.other')).toBe(false);
    expect(allowed(perfWorker.publish, '$JS.API.CONSUMER.DELETE.PERF_SHARDS.perf-load-workers')).toBe(false);
  });

  it('refuses a service name that is not one subject token', () => {
    expect(() => natsPermissionsFor({ service: 'a.>', streams: [], consumers: [], liveStreams: [] })).toThrow(
      /single subject token/,
    );
  });
});
