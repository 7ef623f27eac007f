import { deadLetterStream } from '../dead-letter/dead-letter.stream.js';
import type { StreamDefinition } from './stream.definition.js';
import { positiveInt } from './stream.definition.js';
import { assertVersionedSubject, subjectMatches, subjectPatternWithin, subjectToken } from './subject.js';

export interface ConsumerDefinitionInput<Durable extends string = string> {
  stream: StreamDefinition;
  durable: Durable;
  filterSubject: string;
  ackWaitMs: number;
  /** Times the handler may run for one message before it is dead-lettered. */
  maxDeliver: number;
  /** Delay before delivery n+1 after the n-th failure; the last value repeats. */
  backoffMs: readonly number[];
  maxAckPending: number;
  deadLetterSubject: string;
}

export type ConsumerDefinition<Durable extends string = string> = Readonly<
  Omit<ConsumerDefinitionInput<Durable>, 'backoffMs'> & { backoffMs: readonly number[] }
>;

export function defineConsumer<const Durable extends string>(
  input: ConsumerDefinitionInput<Durable>,
): ConsumerDefinition<Durable> {
  const what = `consumer ${input.durable}`;
  subjectToken(input.durable, `${what} durable name`);
  assertVersionedSubject(input.filterSubject, `${what} filterSubject`);
  if (!input.stream.subjects.some((s) => subjectPatternWithin(input.filterSubject, s))) {
    throw new Error(`${what} filterSubject "${input.filterSubject}" is outside stream ${input.stream.name}`);
  }
  assertVersionedSubject(input.deadLetterSubject, `${what} deadLetterSubject`);
  if (!deadLetterStream.subjects.some((s) => subjectMatches(s, input.deadLetterSubject))) {
    throw new Error(
      `${what} deadLetterSubject "${input.deadLetterSubject}" is outside stream ${deadLetterStream.name}`,
    );
  }
  positiveInt(input.ackWaitMs, `${what} ackWaitMs`);
  positiveInt(input.maxDeliver, `${what} maxDeliver`);
  positiveInt(input.maxAckPending, `${what} maxAckPending`);
  if (input.backoffMs.length === 0) throw new Error(`${what} backoffMs needs at least one delay`);
  input.backoffMs.forEach((ms) => positiveInt(ms, `${what} backoffMs entry`));
  return Object.freeze({ ...input, backoffMs: Object.freeze([...input.backoffMs]) });
}
