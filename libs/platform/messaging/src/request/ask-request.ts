import type { z } from 'zod';
import type { RequestDefinition } from '@meshplane/contracts';
import type { MessagingClient } from '../client/messaging-client.js';

/** What came of asking: the contract's answer, no answer in time (the asker may retry), or an answer off contract. */
export type AskOutcome<Res> =
  | { readonly kind: 'answered'; readonly response: Res }
  | { readonly kind: 'unanswered'; readonly message: string }
  | { readonly kind: 'malformed' };

/**
 * Asks a request/reply contract (defineRequest) on core NATS: the body is checked against the request's schema before
 * anything is sent (a bug here is not the answerer's problem), the answer against the response's. Never throws for
 * what the other side did or did not do: no responder and a timeout are `unanswered`, anything off the contract is
 * `malformed`. The answering side is answerRequests.
 */
export async function askRequest<Req extends z.ZodType, Res extends z.ZodType>(
  client: MessagingClient,
  request: RequestDefinition<Req, Res>,
  body: z.input<Req>,
): Promise<AskOutcome<z.output<Res>>> {
  const payload = JSON.stringify(request.request.parse(body));
  let answer: unknown;
  try {
    const reply = await client.nc.request(request.subject, payload, { timeout: request.timeoutMs });
    answer = reply.json();
  } catch (error) {
    return { kind: 'unanswered', message: (error as Error).message };
  }
  const parsed = request.response.safeParse(answer);
  return parsed.success ? { kind: 'answered', response: parsed.data } : { kind: 'malformed' };
}
