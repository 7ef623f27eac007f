/**
 * Keys in etcd order, kept sorted lazily: writes only record additions and removals, and the next read merges
 * them in O(n + k log k), so bulk writes stay O(1) each and consecutive page reads cost O(log n).
 */
export class SortedKeyIndex {
  private sorted: string[] = [];
  private added: string[] = [];
  private readonly removed = new Set<string>();

  add(key: string): void {
    if (this.removed.delete(key)) return;
    this.added.push(key);
  }

  remove(key: string): void {
    const pending = this.added.indexOf(key);
    if (pending >= 0 && this.added.length < 64) {
      this.added.splice(pending, 1);
      return;
    }
    this.removed.add(key);
  }

  /** The sorted keys; callers must not modify the array. */
  keys(): readonly string[] {
    if (this.added.length > 0 || this.removed.size > 0) this.settle();
    return this.sorted;
  }

  private settle(): void {
    const base = this.removed.size > 0 ? this.sorted.filter((k) => !this.removed.has(k)) : this.sorted;
    const extra = this.added.filter((k) => !this.removed.has(k)).sort(compareKeys);
    this.removed.clear();
    this.added = [];
    this.sorted = extra.length === 0 ? base : merge(base, extra);
  }
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose key is >= `key`. */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function merge(a: readonly string[], b: readonly string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length)
    out[k++] = (a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string);
  while (i < a.length) out[k++] = a[i++] as string;
  while (j < b.length) out[k++] = b[j++] as string;
  return out;
}
