import { ValidationFailedError } from '@meshplane/graphql';
import { QueryFailedError } from 'typeorm';

/** Runs `work`, turning a violation of the unique index `index` into BAD_USER_INPUT on `field`. */
export async function uniqueAs<T>(index: string, field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error, index)) throw new ValidationFailedError(field, 'is already taken');
    throw error;
  }
}

function isUniqueViolation(error: unknown, index: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === index;
}
