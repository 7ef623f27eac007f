import { Writable } from 'node:stream';
import { inSpan, shutdownTracing, SpanKind, startTracing } from '@meshplane/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from '@meshplane/testing';
import { pino, type LoggerOptions } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceIdentity } from '../../service-identity.js';
import { loggerParams } from '../logger-options.js';

let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  await startTracing(receiver.tracingSettings('runtime-test'));
});

afterAll(async () => {
  await shutdownTracing();
  await receiver.close();
});

/** A logger built from the service's pino options, writing its lines into `lines`. */
function serviceLogger(lines: Record<string, unknown>[]) {
  const options = loggerParams(createServiceIdentity('providers', '1.0.0'), 'info').pinoHttp as LoggerOptions;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return pino(options, sink);
}

describe('service log lines', () => {
  it('carry trace_id and span_id while a span is active, and neither outside one', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = serviceLogger(lines);
    const ids = await inSpan(
      () => ({ name: 'work', kind: SpanKind.INTERNAL }),
      (span) => {
        logger.info('inside');
        return Promise.resolve(span?.spanContext());
      },
    );
    logger.info('outside');
    expect(lines[0]).toMatchObject({ msg: 'inside', trace_id: ids?.traceId, span_id: ids?.spanId });
    expect(lines[1]).toMatchObject({ msg: 'outside' });
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
