import { type OtlpReceiver, type ReceivedSpan } from '@meshplane/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphql, type Credentials } from './harness/graphql-client.js';
import { LOOPBACK_REFUSAL } from './harness/loopback-refusal.js';
import { type SystemUnderTest } from './harness/system-under-test.js';
import { dataOf, localLogin } from './identity-and-isolation.js';

const ADMIN_EMAIL = 'admin@meshplane.local';

let refused: string[];
let receiver: OtlpReceiver;
let system: SystemUnderTest;
let admin: Credentials;

/** The one span of `spans` that `match` picks, failing clearly when there is none or several. */
function only(spans: ReceivedSpan[], what: string, match: (s: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(match);
  if (found.length !== 1) {
    const names = spans.map((s) => `${s.service}:${s.name}`).join(', ');
    throw new Error(`expected one ${what}, found ${found.length} among ${names}`);
  }
  return found[0] as ReceivedSpan;
}

/**
 * One request, one trace. The system runs with `receiver.tracingEnv()` (tracing on in every process, exporting to
 * the receiver on loopback) and every process behind the loopback guard.
 */
export function tracingScenarios(
  hosted: () => { system: SystemUnderTest; receiver: OtlpReceiver; refused: string[]; adminPassword: string },
): void {
  describe('one request, one trace: gateway → subgraph → JetStream → consumer → Postgres', () => {
    beforeAll(async () => {
      ({ system, receiver, refused } = hosted());
      admin = {
        token: (await localLogin(system.gatewayUrl, ADMIN_EMAIL, hosted().adminPassword)).accessToken,
      };
    });

    it('traces an announcement from the gateway to the event log’s consumer and its database write', async () => {
      const announced = dataOf(
        await graphql<{ announce: { id: string } }>(
          system.gatewayUrl,
          'mutation { announce(input: { message: "traced maintenance notice" }) { id } }',
          {},
          admin,
        ),
        'announce',
      ).announce;

      const isDelivery = (s: ReceivedSpan) =>
        s.name === 'process providers-system-log' && s.attributes['messaging.message.id'] === announced.id;
      // Each process exports its own batches on its own schedule: the consumer's span can arrive before the
      // gateway's, whose request span ends only after the response. Wait until every process's part is here.
      const whole = (spans: ReceivedSpan[]) => {
        const sent = spans.find(
          (s) => s.name === 'send SystemEvent@1' && s.attributes['messaging.message.id'] === announced.id,
        );
        const trace = spans.filter((s) => s.traceId === sent?.traceId);
        return (
          trace.some(isDelivery) &&
          trace.some((s) => s.service === 'gateway' && s.name === 'POST /graphql') &&
          trace.some((s) => s.service === 'gateway' && s.kind === 3) &&
          trace.some((s) => s.service === 'providers' && s.name === 'POST /graphql')
        );
      };
      const all = await receiver.waitForSpans(whole, 'every process’s spans of the announcement’s trace');
      const send = only(
        all,
        'publish span',
        (s) => s.name === 'send SystemEvent@1' && s.attributes['messaging.message.id'] === announced.id,
      );
      const trace = all.filter((s) => s.traceId === send.traceId);
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      const ancestry = (span: ReceivedSpan): ReceivedSpan[] => {
        const parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
        return parent === undefined ? [span] : [span, ...ancestry(parent)];
      };

      // Gateway: the public request's SERVER span is the root; the subgraph call is a CLIENT span below Apollo's fetch.
      const request = only(
        trace,
        'gateway request span',
        (s) => s.service === 'gateway' && s.name === 'POST /graphql',
      );
      expect(request.parentSpanId).toBeUndefined();
      const subgraphCall = only(trace, 'subgraph call', (s) => s.service === 'gateway' && s.kind === 3);
      expect(byId.get(subgraphCall.parentSpanId ?? '')?.name).toBe('gateway.fetch');

      // Providers continues the gateway's trace in its own SERVER span, and publishes from inside it.
      const subgraph = only(
        trace,
        'providers GraphQL request span',
        (s) => s.service === 'providers' && s.name === 'POST /graphql',
      );
      expect(subgraph.parentSpanId).toBe(subgraphCall.spanId);
      expect(send.service).toBe('providers');
      expect(ancestry(send).map((s) => s.spanId)).toEqual(
        expect.arrayContaining([subgraph.spanId, subgraphCall.spanId, request.spanId]),
      );

      // Across JetStream: the delivery's CONSUMER span is a child of the publish span, in the same trace.
      const delivery = only(trace, 'consumer span', isDelivery);
      expect(delivery).toMatchObject({ service: 'providers', kind: 5, parentSpanId: send.spanId });

      // And into Postgres: the consumer's insert, with the statement but not the notice's text.
      const writes = trace.filter((s) => s.parentSpanId === delivery.spanId && s.name.startsWith('INSERT'));
      expect(writes.length).toBeGreaterThan(0);
      expect(writes[0]?.attributes['db.system.name']).toBe('postgresql');
      expect(JSON.stringify(trace)).not.toContain('traced maintenance notice');

      // Every process ran with the loopback guard: tracing on made nobody reach beyond this machine.
      expect(system.output()).not.toContain(LOOPBACK_REFUSAL);
      expect(refused).toEqual([]);
    });
  });
}
