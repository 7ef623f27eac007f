/**
 * Sync ids are `<13-digit epoch ms>-<random>` (see the DISCOVERY contract), so byte order is time order.
 * An id without that prefix (written before the format existed) counts as older than any that has it.
 */
const TIME_ORDERED = /^[0-9]{13}-/;

/** Whether `candidate` is a newer sync than `current` (none yet counts as older than any). */
export function isNewerSync(candidate: string, current: string | null): boolean {
  if (current === null || current === candidate) return current === null;
  if (!TIME_ORDERED.test(candidate)) return false;
  return !TIME_ORDERED.test(current) || candidate > current;
}

/** SQL twin of isNewerSync over two text expressions (`candidate` never NULL). */
export function newerSyncSql(candidate: string, current: string): string {
  return (
    `(${current} IS NULL OR (${candidate} ~ '^[0-9]{13}-' AND (${current} !~ '^[0-9]{13}-' ` +
    `OR ${candidate} COLLATE "C" > ${current} COLLATE "C")))`
  );
}
