import type { AdapterCatalogue } from '@meshplane/contracts';

/** TLS towards an organization's adapter: the CA its certificate chains to, and the name it must carry. */
export interface AdapterTls {
  readonly caPem: string;
  readonly serverName?: string;
}

/** What an adapter says about itself, as stored (jsonb) and announced: one schema, the event contract's. */
export type { AdapterCatalogue };
export type OperationRecord = AdapterCatalogue['operations'][number];
