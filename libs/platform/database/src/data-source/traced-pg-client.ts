import pg from 'pg';
import { inSpan, SpanKind, type SpanSpec } from '@meshplane/telemetry';

const MAX_QUERY_TEXT = 2_000;

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

/**
 * pg's Client with one CLIENT span per query, handed to the pool TypeORM creates (pg-pool's `Client` option) only
 * when tracing is on. A subclass of our own rather than an instrumentation patching `pg` as it is loaded: TypeORM
 * loads pg with `require` from our ESM process, where load-time hooks are fragile, and this seam is explicit. Only
 * promise-style text queries get spans (what TypeORM sends); streams and callback queries pass through untouched.
 */
export function tracedPgClient(): typeof pg.Client {
  const query = pg.Client.prototype.query as Query;
  class TracedPgClient extends pg.Client {}
  Object.defineProperty(TracedPgClient.prototype, 'query', {
    configurable: true,
    writable: true,
    value: function tracedQuery(this: pg.Client, ...args: unknown[]): unknown {
      const first = args[0] as { text?: unknown; submit?: unknown } | string | undefined;
      const text = typeof first === 'string' ? first : first?.text;
      const passThrough =
        typeof text !== 'string' ||
        (typeof first === 'object' && typeof first.submit === 'function') ||
        typeof args.at(-1) === 'function';
      if (passThrough) return query.apply(this, args);
      return inSpan(
        () => querySpan(this, text),
        () => query.apply(this, args) as Promise<unknown>,
      );
    },
  });
  return TracedPgClient;
}

function querySpan(client: pg.Client, text: string): SpanSpec {
  return {
    name: `${operationOf(text)} ${client.database ?? ''}`.trim(),
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system.name': 'postgresql',
      'db.namespace': client.database ?? '',
      'db.query.text': sanitize(text),
      'server.address': client.host,
      'server.port': client.port,
    },
  };
}

function operationOf(text: string): string {
  return /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
}

/**
 * The statement as sent, with string literals replaced: parameters are never recorded, and a value written into the
 * SQL itself (a password in CREATE ROLE, say) must not reach a trace either.
 */
function sanitize(text: string): string {
  const masked = text.replace(/'(?:[^']|'')*'/g, "'?'");
  return masked.length > MAX_QUERY_TEXT ? `${masked.slice(0, MAX_QUERY_TEXT)}…` : masked;
}
