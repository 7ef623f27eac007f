const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids reach SQL only as UUIDs: anything else is "not found" before a query runs. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
