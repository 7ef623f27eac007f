import type { EntityManager } from 'typeorm';

/** The part of a node-postgres client `copyFrom` uses: it accepts a submittable query. */
export interface CopyTarget {
  query(submittable: never): unknown;
}

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Sent in slices: one huge socket write would sit in memory twice. */
const CHUNK_BYTES = 1 << 20;

/**
 * `COPY … FROM STDIN` of `data` (already in the COPY format the statement names) over a node-postgres client,
 * without pg-copy-streams: a submittable query that answers the server's CopyInResponse with the data and the
 * end-of-copy message. Resolves once the server has consumed it; rejects with the server's error (a row it
 * refuses fails the whole COPY, and in a transaction the transaction).
 */
export function copyFrom(client: CopyTarget, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const submittable = {
      submit: (connection: CopyConnection) => connection.query(sql),
      handleCopyInResponse: (connection: CopyConnection) => {
        for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
          connection.sendCopyFromChunk(data.subarray(offset, offset + CHUNK_BYTES));
        }
        connection.endCopyFrom();
      },
      handleCommandComplete: () => undefined,
      handleReadyForQuery: () => {
        if (!failed) resolve();
      },
      handleError: (error: Error) => {
        failed = true;
        reject(error);
      },
    };
    client.query(submittable as never);
  });
}

/**
 * The node-postgres connection under a TypeORM transaction's manager (COPY needs the driver's own client).
 * Only inside `withTransaction`/`withTenant`, where the manager is bound to one connection.
 */
export async function transactionConnection(manager: EntityManager): Promise<CopyTarget> {
  const runner = manager.queryRunner;
  if (runner === undefined || !runner.isTransactionActive) {
    throw new Error('transactionConnection needs the manager of an open transaction');
  }
  return (await runner.connect()) as CopyTarget;
}
