/**
 * Thrown by a handler when retrying cannot help (the message references something that will never
 * exist, a business rule rejects it): the message is dead-lettered at once instead of redelivered.
 */
export class PermanentError extends Error {
  readonly code = 'MESSAGE_PERMANENTLY_FAILED';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
  }
}
