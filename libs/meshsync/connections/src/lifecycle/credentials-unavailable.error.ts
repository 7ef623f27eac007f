/** The installation cannot open or seal credentials (no or wrong CREDENTIALS_KEYS): an operator must act. */
export class CredentialsUnavailableError extends Error {
  constructor(reason: string) {
    super(`Credentials unavailable: ${reason}`);
    this.name = 'CredentialsUnavailableError';
  }
}
