import type { ExecutionResult, GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayContext } from '../http/gateway-context.js';
import type { GatewayMetrics } from '../metrics/gateway.metrics.js';
import type { OperationRunner } from './operation-runner.js';
import type { SubscriptionRequest } from './subscription-planner.js';
import { onceClosed } from './once-closed.js';

const HEARTBEAT_MS = 15_000;

/**
 * GraphQL over SSE, "distinct connections" mode of the graphql-sse protocol: one request per operation,
 * answered with `next` events and a final `complete`. Invalid operations get a plain 400 JSON response.
 */
export class SseHandler {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly runner: OperationRunner,
    private readonly metrics: GatewayMetrics,
    private readonly onError: (error: unknown) => void,
  ) {}

  static accepts(req: IncomingMessage): boolean {
    return (req.headers.accept ?? '').includes('text/event-stream');
  }

  async handle(
    res: ServerResponse,
    request: SubscriptionRequest,
    context: GatewayContext,
    method: 'GET' | 'POST',
    address?: string,
  ): Promise<void> {
    const started = this.runner.start(request, context, { safeMethod: method === 'GET', address });
    switch (started.kind) {
      case 'rejected':
        return rejectWith(res, started.errors, started.status ?? 400);
      case 'result':
        this.begin(res);
        writeEvent(res, 'next', await started.result);
        return this.finish(res);
      case 'stream':
        return this.relay(res, started.events);
    }
  }

  /** Ends every open stream with `complete`, for shutdown. */
  closeAll(): void {
    for (const res of this.open) this.finish(res);
  }

  private async relay(res: ServerResponse, upstream: AsyncIterableIterator<ExecutionResult>): Promise<void> {
    this.metrics.subscriptionOpened('sse');
    const events = onceClosed(upstream, () => this.metrics.subscriptionClosed('sse'));
    const stop = () => void events.return?.().catch(this.onError);
    res.on('close', stop);
    this.begin(res);
    const heartbeat = setInterval(() => res.write(':\n\n'), HEARTBEAT_MS);
    try {
      for await (const result of events) {
        if (res.writableEnded) break;
        writeEvent(res, 'next', result);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : 'Subscription failed.';
      if (!res.writableEnded) writeEvent(res, 'next', { errors: [{ message }] });
    } finally {
      clearInterval(heartbeat);
      res.off('close', stop);
      stop();
      this.finish(res);
    }
  }

  private begin(res: ServerResponse): void {
    this.open.add(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
  }

  private finish(res: ServerResponse): void {
    this.open.delete(res);
    if (res.writableEnded) return;
    res.end('event: complete\ndata:\n\n');
  }
}

function writeEvent(res: ServerResponse, event: 'next', data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function rejectWith(res: ServerResponse, errors: GraphQLError[], status: number): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(status === 405 ? { allow: 'POST' } : {}),
  });
  res.end(JSON.stringify({ errors: errors.map((e) => e.toJSON()) }));
}
