import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRequest } from '@meshplane/contracts';
import { askRequest } from '../request/ask-request.js';
import type { MessagingClient } from '../client/messaging-client.js';

const ping = defineRequest({
  subject: 'rpc.v1.test.ping',
  answeredBy: 'answerer',
  askedBy: ['asker'],
  request: z.object({ n: z.number().int() }),
  response: z.object({ pong: z.number().int() }),
  timeoutMs: 250,
});

function client(reply: (subject: string, body: string) => unknown): {
  client: MessagingClient;
  sent: string[];
} {
  const sent: string[] = [];
  const fake = {
    nc: {
      request: async (subject: string, body: string, options: { timeout: number }) => {
        expect(options.timeout).toBe(250);
        sent.push(body);
        const answer = reply(subject, body);
        if (answer instanceof Error) throw answer;
        return { json: () => answer };
      },
    },
  } as unknown as MessagingClient;
  return { client: fake, sent };
}

describe('askRequest', () => {
  it("sends the checked body on the contract's subject and returns the answer the contract allows", async () => {
    const { client: c, sent } = client((subject, body) => {
      expect(subject).toBe('rpc.v1.test.ping');
      return { pong: (JSON.parse(body) as { n: number }).n + 1 };
    });
    expect(await askRequest(c, ping, { n: 41 })).toEqual({ kind: 'answered', response: { pong: 42 } });
    expect(sent).toEqual(['{"n":41}']);
  });

  it('tells no answer (no responders, timeout) from an answer off the contract, and never throws for either', async () => {
    const silent = client(() => new Error('503'));
    expect(await askRequest(silent.client, ping, { n: 1 })).toEqual({ kind: 'unanswered', message: '503' });
    const odd = client(() => ({ pong: 'many' }));
    expect(await askRequest(odd.client, ping, { n: 1 })).toEqual({ kind: 'malformed' });
  });

  it('refuses to send a body the contract does not allow', async () => {
    const { client: c, sent } = client(() => ({ pong: 1 }));
    await expect(askRequest(c, ping, { n: 1.5 })).rejects.toThrow();
    expect(sent).toEqual([]);
  });
});
