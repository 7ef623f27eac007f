import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunStateSnapshot {
  runnerPid: number;
  gatewayUrl?: string;
  services: Record<string, { pid?: number; port: number; restarts: number }>;
}

/**
 * `<dataDir>/run/state.json`: which pid serves which port right now, for operators and the e2e tests.
 * Written atomically (temp file + rename) so a reader never sees half a file.
 */
export class RunState {
  private readonly file: string;
  private readonly snapshot: RunStateSnapshot = { runnerPid: process.pid, services: {} };

  constructor(dataDir: string) {
    const dir = join(dataDir, 'run');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'state.json');
  }

  update(service: string, entry: { pid?: number; port: number; restarts: number }): void {
    this.snapshot.services[service] = entry;
    this.flush();
  }

  setGatewayUrl(url: string): void {
    this.snapshot.gatewayUrl = url;
    this.flush();
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }

  private flush(): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot, null, 2));
    renameSync(tmp, this.file);
  }
}
