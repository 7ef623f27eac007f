import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { grpcHealthV1 } from '@meshplane/contracts/grpc';

const { HealthCheckResponse_ServingStatus: ServingStatus } = grpcHealthV1;
type ServingStatus = grpcHealthV1.HealthCheckResponse_ServingStatus;

/**
 * grpc.health.v1 for the services one server hosts: "" (the server as a whole) and each service name. Check answers
 * NOT_FOUND for an unknown name; Watch reports SERVICE_UNKNOWN and then every change, as the protocol says.
 */
export class HealthStatus {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<(status: ServingStatus) => void>>();

  constructor(services: string[]) {
    for (const service of ['', ...services]) this.statuses.set(service, ServingStatus.NOT_SERVING);
  }

  setAll(serving: boolean): void {
    for (const service of this.statuses.keys()) {
      const status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
      this.statuses.set(service, status);
      for (const watcher of this.watchers.get(service) ?? []) watcher(status);
    }
  }

  implementation(): grpcHealthV1.HealthServer {
    return {
      check: (
        call: ServerUnaryCall<grpcHealthV1.HealthCheckRequest, grpcHealthV1.HealthCheckResponse>,
        callback: sendUnaryData<grpcHealthV1.HealthCheckResponse>,
      ) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined) {
          callback({ code: GrpcStatus.NOT_FOUND, details: `unknown service "${call.request.service}"` });
          return;
        }
        callback(null, { status });
      },
      watch: (
        call: ServerWritableStream<grpcHealthV1.HealthCheckRequest, grpcHealthV1.HealthCheckResponse>,
      ) => {
        const service = call.request.service;
        const send = (status: ServingStatus): void => void call.write({ status });
        send(this.statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN);
        const watchers = this.watchers.get(service) ?? new Set();
        this.watchers.set(service, watchers);
        watchers.add(send);
        call.on('cancelled', () => watchers.delete(send));
      },
    };
  }
}
