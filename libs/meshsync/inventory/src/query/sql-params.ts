/** Collects bind values for one statement: every caller-supplied value reaches SQL as `$n`, never as text. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** The placeholder for `value`, optionally with a cast (`$3::uuid`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
