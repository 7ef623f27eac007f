import { z } from 'zod';
import { deadLetterSubjectFor } from '../dead-letter/dead-letter.event.js';
import { defineConsumer } from '../messaging/consumer.definition.js';
import { defineEvent } from '../messaging/event.definition.js';
import { defineStream } from '../messaging/stream.definition.js';
import { subjectToken } from '../messaging/subject.js';

/**
 * Results the perf service recorded, announced once each (dedup id = the result id) for services that keep or
 * forward them: the providers service syncs them to the remote provider of the user who requested the run.
 * Kept a week, so that a consumer that was away catches up.
 */
export const perfResultsStream = defineStream({
  name: 'PERF_RESULTS',
  subjects: ['perf.v1.results.>'],
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  duplicateWindowMs: 60 * 60 * 1000,
});

/** The SMP PerformanceTestResult as stored: opaque here, at most 512 KiB of JSON (the bus caps messages at 1 MiB). */
const SMP_DOCUMENT_MAX_BYTES = 512 * 1024;

export const performanceResultRecordedSchema = z.object({
  resultId: z.uuid(),
  orgId: z.uuid(),
  profileId: z.uuid(),
  /** The profile's name when the run was requested: the record's name at a provider. */
  name: z.string().min(1).max(200),
  /** The user who requested the run (for a scheduled run, the schedule's author). */
  requestedBy: z.string().min(1).max(200),
  recordedAt: z.iso.datetime({ offset: true }),
  smp: z
    .record(z.string(), z.unknown())
    .refine(
      (document) => Buffer.byteLength(JSON.stringify(document), 'utf8') <= SMP_DOCUMENT_MAX_BYTES,
      `must be at most ${SMP_DOCUMENT_MAX_BYTES} bytes of JSON`,
    ),
});
export type PerformanceResultRecorded = z.infer<typeof performanceResultRecordedSchema>;

/** `perf.v1.results.<org>.<result>.recorded` */
export const performanceResultRecordedEvent = defineEvent({
  name: 'PerformanceResultRecorded',
  version: 1,
  stream: perfResultsStream,
  schema: performanceResultRecordedSchema,
  subject: (p) =>
    `perf.v1.results.${subjectToken(p.orgId, 'orgId')}.${subjectToken(p.resultId, 'resultId')}.recorded`,
  msgId: (p) => `perf-result-recorded:${p.resultId}`,
});

/**
 * The providers service's sync of results to remote providers: one delivery at a time per result, retried with a
 * growing delay while the provider is unreachable or answers 5xx (about half a day in all), then dead-lettered.
 */
export const providersResultSyncConsumer = defineConsumer({
  stream: perfResultsStream,
  durable: 'providers-result-sync',
  filterSubject: 'perf.v1.results.>',
  ackWaitMs: 60_000,
  maxDeliver: 12,
  backoffMs: [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000],
  maxAckPending: 100,
  deadLetterSubject: deadLetterSubjectFor(perfResultsStream.name, 'providers-result-sync'),
});
