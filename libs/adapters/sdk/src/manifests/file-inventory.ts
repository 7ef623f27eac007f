import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { InventoryRecord, InventoryStore } from './inventory.js';

/**
 * An InventoryStore for a single adapter process that must survive restarts: one JSON file per key
 * (`<dir>/<sha256(key)>.json`, the key stored inside), written to a temporary file, fsynced and renamed over the
 * old one, so a crash leaves the previous or the new record, never half of one. One writer per directory.
 */
export class FileInventoryStore implements InventoryStore {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async get(key: string): Promise<InventoryRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const stored = JSON.parse(text) as { key: string; record: InventoryRecord };
    if (stored.key !== key) throw new Error(`inventory file ${this.path(key)} belongs to another key`);
    return stored.record;
  }

  async put(key: string, record: InventoryRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = this.path(key);
    const temporary = `${target}.${randomUUID()}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify({ key, record }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    const dirHandle = await open(this.dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
