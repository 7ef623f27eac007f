import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  type HttpLibrary,
  ResponseContext,
  type RequestContext,
  wrapHttpLibrary,
} from '@kubernetes/client-node';
import { isPolicyAgent } from '../client/policy-agents.js';
import { inKubeRequestSpan } from '../tracing/kube-request.span.js';
import { ClusterProbeError } from './cluster-probe.error.js';

export interface BoundedHttpOptions {
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
}

/**
 * client-node's default transport (node-fetch) follows redirects and buffers bodies of any size. Against a
 * server chosen by a tenant, neither is acceptable: a redirect is answered as-is (and fails), a body beyond
 * `maxResponseBytes` aborts the request. It sends through the agent the KubeConfig built (TLS material), which
 * must be a policy agent (from `buildKubeConfig`): a connection whose address is not vetted is never opened.
 */
export function boundedHttpLibrary(options: BoundedHttpOptions): HttpLibrary {
  return wrapHttpLibrary({
    send: (request) =>
      inKubeRequestSpan(
        request.getHttpMethod(),
        new URL(request.getUrl()),
        () => send(request, options),
        (response) => response.httpStatusCode,
      ),
  });
}

function send(request: RequestContext, options: BoundedHttpOptions): Promise<ResponseContext> {
  const url = new URL(request.getUrl());
  const body = request.getBody();
  if (body !== undefined && typeof body !== 'string') {
    return Promise.reject(new Error('The bounded HTTP library only sends string bodies'));
  }
  const agent = request.getAgent();
  if (!isPolicyAgent(agent)) {
    return Promise.reject(
      new Error('The KubeConfig does not vet connections: build it with buildKubeConfig'),
    );
  }
  const issue = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = issue(url, {
      method: request.getHttpMethod(),
      headers: request.getHeaders(),
      agent,
      signal: options.signal,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      readBounded(res, options.maxResponseBytes).then(
        (buffer) => resolve(toResponseContext(res, buffer)),
        reject,
      );
    });
    req.end(body);
  });
}

function readBounded(res: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new ClusterProbeError('BAD_RESPONSE', `The server answered with more than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks)));
    res.on('error', reject);
  });
}

function toResponseContext(res: IncomingMessage, buffer: Buffer): ResponseContext {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new ResponseContext(res.statusCode ?? 0, headers, {
    text: () => Promise.resolve(buffer.toString('utf8')),
    binary: () => Promise.resolve(buffer),
  });
}
