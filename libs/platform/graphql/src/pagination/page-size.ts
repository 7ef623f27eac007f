import { ValidationFailedError } from '../errors/domain-error.js';

/** What `first` is when the caller leaves it out. */
export const DEFAULT_PAGE_SIZE = 20;
/** The most rows one page may hold, in every list. */
export const MAX_PAGE_SIZE = 100;

/** The page size rule of every list: a whole number from 1 to MAX_PAGE_SIZE, else BAD_USER_INPUT naming `argument`. */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new ValidationFailedError(argument, `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}
