import { syncIdMillis } from '@meshplane/contracts';

/**
 * Sync ids are `<13-digit epoch ms>-<random>` (see the DISCOVERY contract), so byte order is time order.
 * An id without that prefix (written before the format existed) counts as older than any that has it.
 */
const timeOrdered = (syncId: string): boolean => syncIdMillis(syncId) !== undefined;

/** The time prefix of a sync id as a SQL regular expression (a string literal), for the SQL twins below. */
export const TIME_ORDERED_SQL = "'^[0-9]{13}-'";

/** Whether `candidate` is a newer sync than `current` (none yet counts as older than any). */
export function isNewerSync(candidate: string, current: string | null): boolean {
  if (current === null || current === candidate) return current === null;
  if (!timeOrdered(candidate)) return false;
  return !timeOrdered(current) || candidate > current;
}

/** SQL twin of isNewerSync over two text expressions (`candidate` never NULL). */
export function newerSyncSql(candidate: string, current: string): string {
  return (
    `(${current} IS NULL OR (${candidate} ~ ${TIME_ORDERED_SQL} AND (${current} !~ ${TIME_ORDERED_SQL} ` +
    `OR ${candidate} COLLATE "C" > ${current} COLLATE "C")))`
  );
}
