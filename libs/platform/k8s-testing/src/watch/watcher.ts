import { type ServerResponse } from 'node:http';
import { type FieldMatcher } from '../selectors/field-selector.js';
import { type LabelMatcher } from '../selectors/label-selector.js';
import { type ChangeEvent } from '../store/event-log.js';
import { parseStored, type StoredObject } from '../store/stored-object.js';

export interface WatchFilter {
  resourceId: string;
  /** '' watches every namespace. */
  namespace: string;
  labels?: LabelMatcher;
  fields?: FieldMatcher;
}

/** A slow client is cut off rather than allowed to grow the server's memory without bound, as the apiserver does. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * One open watch stream. Lines are queued and written once per macrotask, so a burst of events (a bulk load,
 * a namespace deletion) costs one socket write per watcher instead of one per event.
 */
export class Watcher {
  private pending: string[] = [];
  private flushScheduled = false;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    readonly filter: WatchFilter,
    readonly bookmarks: { enabled: boolean; kind: string; apiVersion: string },
    private readonly onClose: (watcher: Watcher) => void,
  ) {
    res.on('close', () => this.close());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Queues the event as this watcher should see it, turning selector transitions into ADDED/DELETED. */
  offer(event: ChangeEvent): void {
    const now = this.selects(event.object);
    if (event.type !== 'MODIFIED') {
      if (now) this.enqueue(eventLine(event.type, event.object.json));
      return;
    }
    const before = event.previous !== undefined && this.selects(event.previous);
    if (now) this.enqueue(eventLine(before ? 'MODIFIED' : 'ADDED', event.object.json));
    else if (before && event.previous) this.enqueue(eventLine('DELETED', restamp(event.previous, event.rv)));
  }

  sendAdded(object: StoredObject): void {
    if (this.selects(object)) this.enqueue(eventLine('ADDED', object.json));
  }

  sendBookmark(rv: number, annotations?: Record<string, string>): void {
    const { kind, apiVersion } = this.bookmarks;
    const metadata = { resourceVersion: String(rv), ...(annotations ? { annotations } : {}) };
    this.enqueue(`{"type":"BOOKMARK","object":${JSON.stringify({ kind, apiVersion, metadata })}}\n`);
  }

  /** Sends a final ERROR event carrying `status`, then ends the stream (how the apiserver reports 410). */
  fail(status: object): void {
    this.enqueue(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
    this.end();
  }

  /** Ends the stream cleanly: clients see a normal end of body and re-watch from their last resourceVersion. */
  end(): void {
    if (this.closed) return;
    this.flush();
    this.res.end();
    this.close();
  }

  /** Cuts the connection without a clean end, like a network failure. */
  sever(): void {
    if (this.closed) return;
    this.res.destroy();
    this.close();
  }

  private selects(object: StoredObject): boolean {
    const { namespace, labels, fields } = this.filter;
    return (
      (namespace === '' || object.namespace === namespace) &&
      (!labels || labels(object.labels)) &&
      (!fields || fields(object.fields))
    );
  }

  private enqueue(line: string): void {
    if (this.closed) return;
    this.pending.push(line);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.res.write(chunk);
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.sever();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.onClose(this);
  }
}

function eventLine(type: string, json: string): string {
  return `{"type":"${type}","object":${json}}\n`;
}

function restamp(object: StoredObject, rv: number): string {
  const obj = parseStored(object);
  obj.metadata.resourceVersion = String(rv);
  return JSON.stringify(obj);
}
