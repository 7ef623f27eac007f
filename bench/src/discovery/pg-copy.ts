import type pg from 'pg';

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY … FROM STDIN` over node-postgres without pg-copy-streams (not installed here): a submittable
 * query that answers the server's CopyInResponse with the data and the end-of-copy message.
 */
export function copyFrom(client: pg.Client, sql: string, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const submittable = {
      submit: (connection: CopyConnection) => connection.query(sql),
      handleCopyInResponse: (connection: CopyConnection) => {
        const chunk = 1 << 20;
        for (let offset = 0; offset < data.length; offset += chunk) {
          connection.sendCopyFromChunk(data.subarray(offset, offset + chunk));
        }
        connection.endCopyFrom();
      },
      handleCommandComplete: () => undefined,
      handleReadyForQuery: () => resolve(),
      handleError: (error: Error) => reject(error),
    };
    void (client.query(submittable as never) as unknown);
  });
}

/** One value in COPY text format. */
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
