import type { ResourceChange } from '@meshplane/contracts';

/** The contract's ceiling on changes per message. */
export const MAX_CHANGES_PER_MESSAGE = 1000;
/** Room for the envelope (org, cluster, kind, timestamps) and headers. */
const ENVELOPE_BYTES = 4 * 1024;

/**
 * Cuts changes into messages that fit both the contract (≤ 1000 changes) and the NATS payload limit, in
 * order. A single change larger than the budget still gets a message of its own: JetStream refuses it, and
 * the caller's error handling (relist, status error) makes that visible rather than silently dropping it.
 */
export function splitChanges(changes: readonly ResourceChange[], maxBytes: number): ResourceChange[][] {
  const budget = Math.max(1, maxBytes - ENVELOPE_BYTES);
  const batches: ResourceChange[][] = [];
  let current: ResourceChange[] = [];
  let size = 0;
  for (const change of changes) {
    const bytes = Buffer.byteLength(JSON.stringify(change)) + 1;
    if (current.length > 0 && (size + bytes > budget || current.length >= MAX_CHANGES_PER_MESSAGE)) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(change);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
