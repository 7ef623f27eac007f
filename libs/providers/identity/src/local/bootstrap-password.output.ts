import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';

/** Where a generated bootstrap password goes: a side effect of its own, so it never passes through the logger. */
@Injectable()
export class BootstrapPasswordOutput {
  /** Readable by the service's user only; the directory is created (0700) when missing. */
  toFile(path: string, password: string): void {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${password}\n`, { mode: 0o600 });
    // An existing file keeps its mode on write: tighten it too.
    chmodSync(path, 0o600);
  }

  /** One plain line for the operator at the console; structured logs go to stdout, not here. */
  toConsole(line: string): void {
    process.stderr.write(`${line}\n`);
  }
}
