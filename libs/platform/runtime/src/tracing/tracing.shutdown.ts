import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from '@meshplane/telemetry';

/**
 * Sends the spans still buffered once the app has shut down (a no-op when tracing is off). The SDK is one per
 * process, as a service is.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}
