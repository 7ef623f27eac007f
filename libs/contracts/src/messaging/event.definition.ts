import type { z } from 'zod';
import type { StreamDefinition } from './stream.definition.js';
import { positiveInt } from './stream.definition.js';
import { assertVersionedSubject, subjectMatches } from './subject.js';

export interface EventDefinitionInput<Name extends string, T> {
  name: Name;
  version: number;
  stream: StreamDefinition;
  schema: z.ZodType<T>;
  subject: (payload: T) => string;
  msgId: (payload: T) => string;
}

export interface EventDefinition<Name extends string = string, T = unknown> {
  readonly name: Name;
  readonly version: number;
  /** `name@version`, the value of the `Meshplane-Event` header. */
  readonly key: `${Name}@${number}`;
  readonly stream: StreamDefinition;
  readonly schema: z.ZodType<T>;
  /** Subject for a payload; throws when it falls outside the event's stream. */
  subject(payload: T): string;
  msgId(payload: T): string;
}

export type PayloadOf<E> = E extends EventDefinition<string, infer T> ? T : never;

const EVENT_NAME = /^[A-Z][A-Za-z0-9]*$/;

export function defineEvent<const Name extends string, T>(
  input: EventDefinitionInput<Name, T>,
): EventDefinition<Name, T> {
  if (!EVENT_NAME.test(input.name)) throw new Error(`event name "${input.name}" must be PascalCase`);
  positiveInt(input.version, `event ${input.name} version`);
  const key = `${input.name}@${input.version}` as const;
  return Object.freeze({
    name: input.name,
    version: input.version,
    key,
    stream: input.stream,
    schema: input.schema,
    subject(payload: T): string {
      const subject = input.subject(payload);
      assertVersionedSubject(subject, `${key} subject`);
      if (!input.stream.subjects.some((pattern) => subjectMatches(pattern, subject))) {
        throw new Error(`${key} subject "${subject}" is not captured by stream ${input.stream.name}`);
      }
      return subject;
    },
    msgId(payload: T): string {
      const id = input.msgId(payload);
      if (id.length === 0) throw new Error(`${key} msgId must not be empty`);
      return id;
    },
  });
}
