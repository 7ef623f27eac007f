import type { z } from 'zod';
import { assertVersionedSubject, subjectToken } from './subject.js';

export interface RequestDefinitionInput<Req extends z.ZodType, Res extends z.ZodType> {
  /** Core NATS subject (request/reply, never captured by a stream): `<domain>.v<N>.…`, no wildcards. */
  subject: string;
  /** The one service that answers (its replicas share the subject as a queue group). */
  answeredBy: string;
  /** The services allowed to ask: only their NATS users may publish to the subject. */
  askedBy: readonly string[];
  request: Req;
  response: Res;
  /** How long an asker waits for the answer. */
  timeoutMs: number;
}

export type RequestDefinition<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
> = Readonly<Omit<RequestDefinitionInput<Req, Res>, 'askedBy'> & { askedBy: readonly string[] }>;

/**
 * A request/reply contract between two services over core NATS: not an event (nothing is stored or replayed), for
 * an answer one service owns and another needs at once. The NATS permissions follow it: the answering service may
 * subscribe to the subject and reply once to each request; only the askers may publish to it.
 */
export function defineRequest<Req extends z.ZodType, Res extends z.ZodType>(
  input: RequestDefinitionInput<Req, Res>,
): RequestDefinition<Req, Res> {
  const what = `request ${input.subject}`;
  assertVersionedSubject(input.subject, what);
  if (input.subject.split('.').some((token) => token === '*' || token === '>'))
    throw new Error(`${what}: a request subject names one subject, without wildcards`);
  subjectToken(input.answeredBy, `${what} answeredBy`);
  if (input.askedBy.length === 0) throw new Error(`${what}: no service may ask it`);
  for (const asker of input.askedBy) subjectToken(asker, `${what} askedBy`);
  if (!Number.isInteger(input.timeoutMs) || input.timeoutMs <= 0)
    throw new Error(`${what} timeoutMs must be a positive integer`);
  return Object.freeze({ ...input, askedBy: Object.freeze([...input.askedBy]) });
}
