/** Largest resourceVersion stored as a number: bigint holds 18 decimal digits without overflow. */
const NUMERIC_RV = /^[0-9]{1,18}$/;

/**
 * The numeric form of a resourceVersion (`rv_num`), or null when it is not an integer. Every real API
 * server's are integers; the contract still allows opaque ones, which then compare as text.
 */
export function resourceVersionNumber(resourceVersion: string): string | null {
  return NUMERIC_RV.test(resourceVersion) ? BigInt(resourceVersion).toString() : null;
}

/** Negative when `a` is older than `b`, positive when newer, 0 when the same; mirrors the SQL guard. */
export function compareResourceVersions(a: string, b: string): number {
  const an = resourceVersionNumber(a);
  const bn = resourceVersionNumber(b);
  if (an !== null && bn !== null) {
    const diff = BigInt(an) - BigInt(bn);
    return diff === 0n ? 0 : diff < 0n ? -1 : 1;
  }
  return a === b ? 0 : a < b ? -1 : 1;
}

/** SQL twin of compareResourceVersions(new, old) > 0 over rv_num and resource_version (byte order). */
export function newerVersionSql(newer: string, older: string): string {
  return (
    `(CASE WHEN ${newer}.rv_num IS NOT NULL AND ${older}.rv_num IS NOT NULL ` +
    `THEN ${newer}.rv_num > ${older}.rv_num ` +
    `ELSE ${newer}.resource_version COLLATE "C" > ${older}.resource_version COLLATE "C" END)`
  );
}
