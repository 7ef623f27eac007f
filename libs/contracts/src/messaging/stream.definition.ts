import { assertVersionedSubject } from './subject.js';

export type StreamStorage = 'file' | 'memory';
/**
 * limits (default): messages stay until age/size limits, every consumer reads all of them. workqueue: a message is
 * removed once acknowledged and the stream admits one consumer per subject, so each message is worked on once.
 */
export type StreamRetention = 'limits' | 'workqueue';

export interface StreamDefinitionInput<Name extends string = string> {
  name: Name;
  subjects: readonly string[];
  maxAgeMs: number;
  duplicateWindowMs: number;
  maxBytes?: number;
  replicas?: number;
  storage?: StreamStorage;
  retention?: StreamRetention;
}

export interface StreamDefinition<Name extends string = string> {
  readonly name: Name;
  readonly subjects: readonly string[];
  readonly maxAgeMs: number;
  readonly duplicateWindowMs: number;
  /** -1 means unlimited (JetStream's own convention). */
  readonly maxBytes: number;
  readonly replicas: number;
  readonly storage: StreamStorage;
  readonly retention: StreamRetention;
}

const STREAM_NAME = /^[A-Z][A-Z0-9_]*$/;

export function defineStream<const Name extends string>(
  input: StreamDefinitionInput<Name>,
): StreamDefinition<Name> {
  if (!STREAM_NAME.test(input.name)) {
    throw new Error(`stream name "${input.name}" must be UPPER_SNAKE_CASE`);
  }
  if (input.subjects.length === 0) throw new Error(`stream ${input.name} needs at least one subject`);
  input.subjects.forEach((s) => assertVersionedSubject(s, `stream ${input.name} subject`));
  positiveInt(input.maxAgeMs, `stream ${input.name} maxAgeMs`);
  positiveInt(input.duplicateWindowMs, `stream ${input.name} duplicateWindowMs`);
  if (input.duplicateWindowMs > input.maxAgeMs) {
    throw new Error(`stream ${input.name} duplicateWindowMs cannot exceed maxAgeMs`);
  }
  const replicas = input.replicas ?? 1;
  if (![1, 3, 5].includes(replicas)) throw new Error(`stream ${input.name} replicas must be 1, 3 or 5`);
  if (input.retention !== undefined && input.retention !== 'limits' && input.retention !== 'workqueue')
    throw new Error(`stream ${input.name} retention must be "limits" or "workqueue"`);
  if (input.maxBytes !== undefined) positiveInt(input.maxBytes, `stream ${input.name} maxBytes`);
  return Object.freeze({
    name: input.name,
    subjects: Object.freeze([...input.subjects]),
    maxAgeMs: input.maxAgeMs,
    duplicateWindowMs: input.duplicateWindowMs,
    maxBytes: input.maxBytes ?? -1,
    replicas,
    storage: input.storage ?? 'file',
    retention: input.retention ?? 'limits',
  });
}

export function positiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${what} must be a positive integer, got ${value}`);
}
