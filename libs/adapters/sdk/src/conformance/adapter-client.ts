import {
  credentials as grpcCredentials,
  Metadata,
  type ChannelCredentials,
  type ServiceError,
} from '@grpc/grpc-js';
import { adapterV1, grpcHealthV1 } from '@meshplane/contracts/grpc';

/** A promise-based client of one adapter (AdapterService + health), every call under a deadline. */
export class AdapterClient {
  private readonly adapter: adapterV1.AdapterServiceClient;
  private readonly health: grpcHealthV1.HealthClient;

  constructor(
    address: string,
    credentials: ChannelCredentials = grpcCredentials.createInsecure(),
    private readonly callTimeoutMs = 5_000,
  ) {
    this.adapter = new adapterV1.AdapterServiceClient(address, credentials);
    this.health = new grpcHealthV1.HealthClient(address, credentials);
  }

  private deadline(): { deadline: Date } {
    return { deadline: new Date(Date.now() + this.callTimeoutMs) };
  }

  getInfo(): Promise<adapterV1.GetInfoResponse> {
    return new Promise((resolve, reject) =>
      this.adapter.getInfo({}, new Metadata(), this.deadline(), (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  listOperations(): Promise<adapterV1.ListOperationsResponse> {
    return new Promise((resolve, reject) =>
      this.adapter.listOperations({}, new Metadata(), this.deadline(), (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  listComponents(request: adapterV1.ListComponentsRequest): Promise<adapterV1.ListComponentsResponse> {
    return new Promise((resolve, reject) =>
      this.adapter.listComponents(request, new Metadata(), this.deadline(), (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  listFingerprints(): Promise<adapterV1.ListFingerprintsResponse> {
    return new Promise((resolve, reject) =>
      this.adapter.listFingerprints({}, new Metadata(), this.deadline(), (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  applyOperation(
    request: Partial<adapterV1.ApplyOperationRequest>,
  ): Promise<adapterV1.ApplyOperationResponse> {
    return new Promise((resolve, reject) =>
      this.adapter.applyOperation(
        adapterV1.ApplyOperationRequest.fromPartial(request),
        new Metadata(),
        this.deadline(),
        (error, response) => (error ? reject(error) : resolve(response)),
      ),
    );
  }

  cancelOperation(operationId: string): Promise<adapterV1.CancelOperationResponse> {
    return new Promise((resolve, reject) =>
      this.adapter.cancelOperation({ operationId }, new Metadata(), this.deadline(), (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }

  /** Collects an operation's events until the stream ends. */
  streamEvents(operationId: string, afterSequence = 0): Promise<adapterV1.OperationEvent[]> {
    return new Promise((resolve, reject) => {
      const events: adapterV1.OperationEvent[] = [];
      const stream = this.adapter.streamEvents(
        { operationId, afterSequence: String(afterSequence) },
        new Metadata(),
        this.deadline(),
      );
      stream.on('data', (response: adapterV1.StreamEventsResponse) => {
        if (response.event) events.push(response.event);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(events));
    });
  }

  healthCheck(service = ''): Promise<grpcHealthV1.HealthCheckResponse_ServingStatus> {
    return new Promise((resolve, reject) =>
      this.health.check({ service }, new Metadata(), this.deadline(), (error, response) =>
        error ? reject(error) : resolve(response.status),
      ),
    );
  }

  close(): void {
    this.adapter.close();
    this.health.close();
  }
}

export function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}
