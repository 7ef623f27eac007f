import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  ADDRESS_NOT_ALLOWED,
  PolicyHttpAgent,
  PolicyHttpsAgent,
  type ServerUrlPolicy,
} from '@meshplane/k8s/address-policy';

/** What openid-client hands its fetch (its `customFetch` contract), narrowed to what its flows send. */
export interface PolicyFetchInit {
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
  signal?: AbortSignal | null;
}

export type PolicyFetch = (url: string, init?: PolicyFetchInit) => Promise<Response>;

export interface PolicyFetchOptions {
  policy: ServerUrlPolicy;
  timeoutMs: number;
  /** Larger answers are cut off: no identity provider document comes near it. */
  maxResponseBytes: number;
}

/** The outbound address policy refused the connection: nothing was dialled. */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
}

/** The provider could not be reached, did not answer in time, or answered too much. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

/**
 * fetch for every request Meshplane makes to an identity provider (discovery, token, JWKS): connections go through
 * the platform's policy agents (the same address rules as for Kubernetes API servers, checked on the address
 * actually dialled, so DNS cannot re-point an allowed name at an internal one), redirects are never followed,
 * bodies are bounded, and each request has a deadline.
 */
export function createPolicyFetch(options: PolicyFetchOptions): PolicyFetch {
  const agents = {
    'http:': new PolicyHttpAgent({ keepAlive: true }, options.policy),
    'https:': new PolicyHttpsAgent({ keepAlive: true }, options.policy),
  };
  return async (url, init = {}) => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new AddressRefusedError(`${target.protocol} URLs are not fetched`);
    }
    if (target.protocol === 'http:' && !options.policy.allowInsecureHttp) {
      throw new AddressRefusedError(`${target.host} is plain http, which this installation does not allow`);
    }
    const body = bodyOf(init.body);
    const signals = [AbortSignal.timeout(options.timeoutMs), ...(init.signal ? [init.signal] : [])];
    const signal = AbortSignal.any(signals);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const request = send(
        target,
        {
          method: init.method ?? 'GET',
          headers: {
            ...init.headers,
            ...(body === undefined ? {} : { 'content-length': String(body.length) }),
          },
          agent: agents[target.protocol as 'http:' | 'https:'],
          signal,
        },
        (response) => {
          readBounded(response, options.maxResponseBytes).then(
            (buffer) => resolve(toResponse(response, buffer)),
            (error: Error) => reject(new UnreachableError(`${target.host}: ${error.message}`)),
          );
        },
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === ADDRESS_NOT_ALLOWED) reject(new AddressRefusedError(error.message));
        else reject(new UnreachableError(`${target.host}: ${error.code ?? error.name}`));
      });
      request.end(body);
    });
  };
}

function bodyOf(body: unknown): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  throw new TypeError('streamed request bodies are not sent to identity providers');
}

function readBounded(response: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        response.destroy(new Error(`the answer exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('the answer was cut off')));
  });
}

function toResponse(response: IncomingMessage, buffer: Buffer): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const status = response.statusCode ?? 502;
  const nullBody = status === 204 || status === 304 || buffer.length === 0;
  return new Response(nullBody ? null : buffer, {
    status,
    statusText: response.statusMessage ?? '',
    headers,
  });
}
