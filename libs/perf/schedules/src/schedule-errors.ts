/** A schedule that cannot be accepted; `field` names the input field to fix. */
export class ScheduleValidationError extends Error {
  override readonly name = 'ScheduleValidationError';
  readonly code = 'SCHEDULE_INVALID';

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
