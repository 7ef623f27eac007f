import { type ChangeEvent } from '../store/event-log.js';
import { type Watcher } from './watcher.js';

/** Routes each change only to the watchers of its resource: fan-out costs O(watchers of that resource). */
export class WatchHub {
  private readonly byResource = new Map<string, Set<Watcher>>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    bookmarkIntervalMs: number,
    private readonly currentRv: () => number,
  ) {
    this.timer = setInterval(() => this.bookmarkAll(), bookmarkIntervalMs);
    this.timer.unref();
  }

  add(watcher: Watcher): void {
    const set = this.byResource.get(watcher.filter.resourceId) ?? new Set<Watcher>();
    set.add(watcher);
    this.byResource.set(watcher.filter.resourceId, set);
  }

  remove(watcher: Watcher): void {
    this.byResource.get(watcher.filter.resourceId)?.delete(watcher);
  }

  publish(event: ChangeEvent): void {
    const watchers = this.byResource.get(event.resourceId);
    if (!watchers) return;
    for (const watcher of watchers) watcher.offer(event);
  }

  count(): number {
    let total = 0;
    for (const set of this.byResource.values()) total += set.size;
    return total;
  }

  /** Ends every open watch; `abrupt` destroys the sockets instead of ending the responses. */
  dropAll(abrupt = false): void {
    for (const set of this.byResource.values()) {
      for (const watcher of [...set]) {
        if (abrupt) watcher.sever();
        else watcher.end();
      }
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.dropAll(true);
  }

  private bookmarkAll(): void {
    const rv = this.currentRv();
    for (const set of this.byResource.values()) {
      for (const watcher of set) if (watcher.bookmarks.enabled) watcher.sendBookmark(rv);
    }
  }
}
