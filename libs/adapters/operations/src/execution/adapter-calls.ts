import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import type { adapterV1 } from '@meshplane/contracts/grpc';

export type ApplyAnswer =
  | { kind: 'answered'; response: adapterV1.ApplyOperationResponse }
  | { kind: 'failed'; code: GrpcStatus; details: string };

/** ApplyOperation under a call deadline; failures come back as values (the code decides retry or not). */
export function applyOperation(
  client: adapterV1.AdapterServiceClient,
  request: adapterV1.ApplyOperationRequest,
  callDeadline: Date,
  signal: AbortSignal,
): Promise<ApplyAnswer> {
  return new Promise((resolve) => {
    const call = client.applyOperation(
      request,
      new Metadata(),
      { deadline: callDeadline },
      (error, response) =>
        resolve(
          error
            ? { kind: 'failed', code: error.code, details: detailsOf(error) }
            : { kind: 'answered', response },
        ),
    );
    // Leaving the call does not stop the run on the adapter (CancelOperation does).
    signal.addEventListener('abort', () => call.cancel(), { once: true });
  });
}

export function cancelOperation(
  client: adapterV1.AdapterServiceClient,
  operationId: string,
  timeoutMs: number,
): Promise<adapterV1.OperationState | undefined> {
  return new Promise((resolve) => {
    client.cancelOperation(
      { operationId },
      new Metadata(),
      { deadline: new Date(Date.now() + timeoutMs) },
      (error, response) => resolve(error ? undefined : response.state),
    );
  });
}

/**
 * Follows StreamEvents of one operation (after `afterSequence`), handing each event to `onEvent` one at a time and
 * in order. `done` resolves when the stream ends (after the final event, or cut: the caller judges by what the
 * ApplyOperation call answered); `stop` cancels the call.
 */
export function followEvents(
  client: adapterV1.AdapterServiceClient,
  operationId: string,
  afterSequence: number,
  callDeadline: Date,
  onEvent: (event: adapterV1.OperationEvent) => Promise<void>,
): { done: Promise<void>; stop(): void } {
  const call = client.streamEvents({ operationId, afterSequence: String(afterSequence) }, new Metadata(), {
    deadline: callDeadline,
  });
  let chain = Promise.resolve();
  const done = new Promise<void>((resolve) => {
    call.on('data', (message: adapterV1.StreamEventsResponse) => {
      const event = message.event;
      if (event) chain = chain.then(() => onEvent(event));
    });
    const finish = (): void => void chain.then(resolve, resolve);
    call.on('end', finish);
    call.on('error', finish);
  });
  return { done, stop: () => call.cancel() };
}

export function detailsOf(error: ServiceError): string {
  return (error.details || error.message || String(error)).slice(0, 500);
}

/** Codes meaning the adapter was not reached, or went away mid-call: how far the run got is unknown. */
export function isUnreachable(code: GrpcStatus): boolean {
  return (
    code === GrpcStatus.UNAVAILABLE ||
    code === GrpcStatus.CANCELLED ||
    code === GrpcStatus.INTERNAL ||
    code === GrpcStatus.UNKNOWN
  );
}
