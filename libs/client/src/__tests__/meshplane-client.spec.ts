import { describe, expect, it } from 'vitest';
import { GraphqlRequestError, TransportError } from '../client-error.js';
import { ClustersDocument, MeDocument, ResyncClusterDocument } from '../generated/graphql.js';
import { MeshplaneClient } from '../meshplane-client.js';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: { query: string; variables: Record<string, unknown>; operationName?: string };
}

/** A fetch that records each request and answers with the next of the given responses. */
function fakeFetch(...answers: { status?: number; body: unknown }[]) {
  const sent: Sent[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    sent.push({
      url,
      headers: init.headers as Record<string, string>,
      body: JSON.parse(init.body as string) as Sent['body'],
    });
    const answer = answers.shift() ?? { body: { data: null } };
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(text, { status: answer.status ?? 200 });
  }) as unknown as typeof fetch;
  return { sent, impl };
}

const URL = 'http://127.0.0.1:4000/graphql';

describe('MeshplaneClient', () => {
  it('sends the generated operation with its variables and credentials and returns its data', async () => {
    const clusters = {
      clusters: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] },
    };
    const { sent, impl } = fakeFetch({ body: { data: clusters } });
    const client = new MeshplaneClient({ url: URL, fetch: impl, credentials: { token: 't0k', orgId: 'o1' } });

    const data = await client.request(ClustersDocument, { first: 5 });

    expect(data).toEqual(clusters);
    expect(sent[0]?.url).toBe(URL);
    expect(sent[0]?.headers).toMatchObject({ authorization: 'Bearer t0k', 'x-meshplane-org': 'o1' });
    expect(sent[0]?.body.operationName).toBe('Clusters');
    expect(sent[0]?.body.query).toMatch(/^query Clusters\(\$first: Int!/);
    expect(sent[0]?.body.variables).toEqual({ first: 5 });
  });

  it('throws the server’s errors with their code and the field they name', async () => {
    const { impl } = fakeFetch({
      status: 200,
      body: {
        data: null,
        errors: [
          { message: 'clusterId: not a UUID', extensions: { code: 'BAD_USER_INPUT', field: 'clusterId' } },
        ],
      },
    });
    const client = new MeshplaneClient({ url: URL, fetch: impl });

    const error = await client.request(ResyncClusterDocument, { clusterId: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GraphqlRequestError);
    expect(error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'clusterId',
      operationName: 'ResyncCluster',
    });
    expect((error as Error).message).toBe('clusterId: not a UUID');
  });

  it('reports an answer that is not GraphQL as a transport error with its HTTP status', async () => {
    const { impl } = fakeFetch({ status: 502, body: 'Bad Gateway' });
    const client = new MeshplaneClient({ url: URL, fetch: impl });

    const error = await client.request(MeDocument).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ status: 502 });
    expect((error as Error).message).toContain('HTTP 502 without a GraphQL response: Bad Gateway');
  });

  it('reports an unreachable server as a transport error naming the URL', async () => {
    const impl = (() =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }))) as typeof fetch;
    const client = new MeshplaneClient({ url: URL, fetch: impl });

    await expect(client.request(MeDocument)).rejects.toThrow(`cannot reach ${URL}: ECONNREFUSED`);
  });

  it('sends a request again, once, with renewed credentials when the server says UNAUTHENTICATED', async () => {
    const unauthenticated = {
      status: 401,
      body: {
        errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' } }],
      },
    };
    const me = { me: { id: 'u1' } };
    const { sent, impl } = fakeFetch(unauthenticated, { body: { data: me } });
    let token = 'old';
    const reasons: (string | undefined)[] = [];
    const client = new MeshplaneClient({
      url: URL,
      fetch: impl,
      credentials: () => ({ token }),
      onUnauthenticated: (error) => {
        reasons.push(error.reason);
        token = 'new';
        return Promise.resolve(true);
      },
    });

    const data = await client.request(MeDocument);

    expect(data).toEqual(me);
    expect(reasons).toEqual(['TOKEN_EXPIRED']);
    expect(sent.map((s) => s.headers['authorization'])).toEqual(['Bearer old', 'Bearer new']);
  });

  it('gives the whole answer, errors included, through execute()', async () => {
    const errors = [{ message: 'no', extensions: { code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' } }];
    const { impl } = fakeFetch({ status: 200, body: { data: null, errors } });
    const client = new MeshplaneClient({ url: URL, fetch: impl });

    expect(await client.execute(MeDocument)).toEqual({ status: 200, errors });
  });
});
