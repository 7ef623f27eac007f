import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { execute, parse, subscribe, validate, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface TestSubgraph {
  name: string;
  url: string;
  sdl: string;
  /** Headers of every HTTP GraphQL request and WebSocket upgrade received, in order. */
  receivedHeaders: IncomingHttpHeaders[];
  /** connection_init payloads received over graphql-ws. */
  connectionParams: Record<string, unknown>[];
  openSockets(): number;
  close(): Promise<void>;
}

/**
 * A real federation subgraph in the test process: @apollo/subgraph schema, GraphQL over HTTP POST on
 * /graphql, graphql-ws on the same path, and /readyz.
 */
export async function startTestSubgraph(
  name: string,
  sdl: string,
  resolvers: GraphQLResolverMap<unknown>,
): Promise<TestSubgraph> {
  const schema: GraphQLSchema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers });
  const receivedHeaders: IncomingHttpHeaders[] = [];
  const connectionParams: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === '/readyz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ready":true}');
      return;
    }
    receivedHeaders.push(req.headers);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        query: string;
        variables?: Record<string, unknown>;
        operationName?: string;
      };
      const document = parse(query);
      const errors = validate(schema, document);
      const respond = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (errors.length > 0) return respond({ errors });
      void Promise.resolve(execute({ schema, document, variableValues: variables, operationName })).then(
        respond,
      );
    });
  });
  const wss = new WebSocketServer({ server, path: '/graphql' });
  wss.on('connection', (_socket, req) => receivedHeaders.push(req.headers));
  useServer(
    {
      schema,
      execute,
      subscribe,
      onConnect: (ctx) => {
        connectionParams.push(ctx.connectionParams ?? {});
        return true;
      },
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${port}/graphql`,
    sdl,
    receivedHeaders,
    connectionParams,
    openSockets: () => wss.clients.size,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
