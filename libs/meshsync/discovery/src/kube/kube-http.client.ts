import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { ADDRESS_NOT_ALLOWED, inKubeRequestSpan, isPolicyAgent } from '@meshplane/k8s';
import { KubeHttpError } from './kube-http.error.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface WatchEvent {
  type: string;
  object: Record<string, unknown>;
}

export interface KubeHttpOptions {
  requestTimeoutMs: number;
  watchIdleTimeoutMs: number;
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const MAX_WATCH_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Lists and watches over node:http with the credentials client-node derives from the (sanitized) KubeConfig.
 * client-node's own Watch cannot be aborted before the response headers arrive, so a hanging apiserver would
 * pin it forever; here every request has a deadline, every watch an idle timeout and every body a size cap.
 */
export class KubeHttpClient {
  private constructor(
    private readonly server: URL,
    private readonly base: RequestOptions,
    private readonly options: KubeHttpOptions,
  ) {}

  static async create(config: KubeConfig, options: KubeHttpOptions): Promise<KubeHttpClient> {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new KubeHttpError(0, 'NoCluster', 'the kubeconfig has no current cluster');
    const base: RequestOptions = {};
    await config.applyToHTTPSOptions(base);
    // Every list and watch opens its connection through this agent, which checks the address it connects to.
    if (!isPolicyAgent(base.agent))
      throw new KubeHttpError(0, 'NotAllowed', 'the kubeconfig does not vet the addresses it connects to');
    return new KubeHttpClient(new URL(cluster.server), base, options);
  }

  async getJson<T>(path: string, query: Query = {}, signal?: AbortSignal): Promise<T> {
    const deadline = AbortSignal.timeout(this.options.requestTimeoutMs);
    const res = await this.send(path, query, signal ? AbortSignal.any([signal, deadline]) : deadline);
    const body = await readBounded(res, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    const parsed = parseJson(body);
    if ((res.statusCode ?? 0) >= 300) throw statusError(res.statusCode ?? 0, parsed);
    if (parsed === undefined || typeof parsed !== 'object' || parsed === null)
      throw new KubeHttpError(res.statusCode ?? 0, 'BadResponse', `${path} answered with something not JSON`);
    return parsed as T;
  }

  /**
   * Resolves when the server ends the watch cleanly, rejects on any error (a watch ERROR event becomes a
   * KubeHttpError with its Status code, so 410 Gone is recognisable), on garbage and on silence.
   */
  async watch(
    path: string,
    query: Query,
    onEvent: (event: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const local = new AbortController();
    const combined = AbortSignal.any([signal, local.signal]);
    const connectTimer = setTimeout(
      () => local.abort(new KubeHttpError(0, 'Timeout', 'watch did not answer in time')),
      this.options.requestTimeoutMs,
    );
    let res: IncomingMessage;
    try {
      res = await this.send(path, { ...query, watch: true }, combined);
    } finally {
      clearTimeout(connectTimer);
    }
    if ((res.statusCode ?? 0) !== 200) {
      const body = await readBounded(res, 1024 * 1024);
      throw statusError(res.statusCode ?? 0, parseJson(body));
    }
    await consumeLines(res, combined, this.options.watchIdleTimeoutMs, (line) => {
      const event = parseJson(line) as WatchEvent | undefined;
      if (!event || typeof event.type !== 'string' || typeof event.object !== 'object' || !event.object)
        throw new KubeHttpError(200, 'BadResponse', 'the watch sent something that is not an event');
      if (event.type === 'ERROR') throw statusError(0, event.object);
      onEvent(event);
    });
  }

  private send(path: string, query: Query, signal: AbortSignal): Promise<IncomingMessage> {
    const url = new URL(this.server.pathname.replace(/\/$/, '') + path, this.server);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const issue = url.protocol === 'https:' ? httpsRequest : httpRequest;
    // The span ends with the response headers: a watch then streams for minutes outside it.
    return inKubeRequestSpan(
      'GET',
      url,
      () =>
        new Promise<IncomingMessage>((resolve, reject) => {
          const req = issue(url, {
            ...this.base,
            method: 'GET',
            headers: { ...this.base.headers, accept: 'application/json' },
            signal,
          });
          req.on('error', (error) => reject(abortReason(signal) ?? toHttpError(error)));
          req.on('response', resolve);
          req.end();
        }),
      (res) => res.statusCode ?? 0,
    );
  }
}

function consumeLines(
  res: IncomingMessage,
  signal: AbortSignal,
  idleTimeoutMs: number,
  onLine: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let idle: NodeJS.Timeout | undefined;
    const fail = (error: unknown) => {
      clearTimeout(idle);
      res.destroy();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => fail(new KubeHttpError(0, 'Timeout', `watch silent for ${idleTimeoutMs} ms`)),
        idleTimeoutMs,
      );
    };
    const onAbort = () => fail(abortReason(signal) ?? new Error('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    armIdle();
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      armIdle();
      pending += chunk;
      if (pending.length > MAX_WATCH_LINE_BYTES)
        return fail(new KubeHttpError(200, 'BadResponse', 'watch event too large'));
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line.length > 0) {
          try {
            onLine(line);
          } catch (error) {
            return fail(error);
          }
        }
        newline = pending.indexOf('\n');
      }
    });
    res.on('error', (error) => fail(abortReason(signal) ?? toHttpError(error)));
    res.on('close', () => {
      clearTimeout(idle);
      signal.removeEventListener('abort', onAbort);
      if (pending.trim().length > 0) {
        try {
          onLine(pending.trim());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
      }
      resolve();
    });
  });
}

function readBounded(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new KubeHttpError(0, 'TooLarge', `response larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', (error) => reject(toHttpError(error)));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function statusError(httpStatus: number, body: unknown): KubeHttpError {
  const status = body as { code?: unknown; reason?: unknown; message?: unknown } | undefined;
  const code = typeof status?.code === 'number' ? status.code : httpStatus;
  const reason = typeof status?.reason === 'string' ? status.reason : 'Error';
  const message = typeof status?.message === 'string' ? status.message : `HTTP ${httpStatus}`;
  return new KubeHttpError(code, reason, message.slice(0, 500));
}

function abortReason(signal: AbortSignal): Error | undefined {
  if (!signal.aborted) return undefined;
  const reason: unknown = signal.reason;
  if (reason instanceof KubeHttpError) return reason;
  if (reason instanceof DOMException && reason.name === 'TimeoutError')
    return new KubeHttpError(0, 'Timeout', 'request timed out');
  return reason instanceof Error ? reason : new Error('aborted');
}

function toHttpError(error: Error): KubeHttpError {
  const refused = (error as NodeJS.ErrnoException).code === ADDRESS_NOT_ALLOWED;
  return new KubeHttpError(0, refused ? 'NotAllowed' : 'Unreachable', error.message);
}
