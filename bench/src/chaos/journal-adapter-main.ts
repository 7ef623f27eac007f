// First: every connection of this process stays on loopback.
import '../loopback-only.js';
import { appendFileSync } from 'node:fs';
import { createAdapterServer, noopAdapter, type AdapterDefinition } from '@meshplane/adapters-sdk';
import { processEnv } from '@meshplane/config';

/**
 * The SDK's no-op adapter as a process of its own, writing a journal the chaos run reads after killing it: a line
 * `start <operation id>` when an operation's run begins and `done <operation id>` when it completes, each appended
 * synchronously (a SIGKILL loses nothing written before it). CHAOS_JOURNAL names the file, CHAOS_ADAPTER_PORT the
 * port on 127.0.0.1.
 */
const env = processEnv();
const journal = env['CHAOS_JOURNAL'];
const port = Number(env['CHAOS_ADAPTER_PORT']);
if (!journal || !Number.isInteger(port) || port <= 0) {
  process.stderr.write('CHAOS_JOURNAL and CHAOS_ADAPTER_PORT are required\n');
  process.exit(2);
}
const write = (line: string) => appendFileSync(journal, `${line}\n`);

class Journal extends Map<string, number> {
  override set(operationId: string, count: number): this {
    write(`start ${operationId}`);
    return super.set(operationId, count);
  }
}

const base = noopAdapter(new Journal());
const journaled: AdapterDefinition = {
  ...base,
  operations: base.operations.map((operation) => ({
    ...operation,
    run: async (ctx: Parameters<typeof operation.run>[0]) => {
      const result = await operation.run(ctx);
      write(`done ${ctx.operationId}`);
      return result;
    },
  })),
};
const server = createAdapterServer(journaled);
await server.listen(`127.0.0.1:${port}`);
process.stdout.write(`journal adapter listening on 127.0.0.1:${port}\n`);
const stop = () => void server.close(0).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
