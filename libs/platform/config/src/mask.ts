/** Key names whose values are secret; OTLP headers carry collectors' API keys. */
const SECRET_KEY = /(secret|password|passwd|token|key|credential|private|otlp_headers)/i;

/** Replaces credentials in URLs and values of secret-looking keys, for logging config safely. */
export function maskSecrets<T extends Record<string, unknown>>(config: T): Record<keyof T, unknown> {
  const out = {} as Record<keyof T, unknown>;
  for (const [key, value] of Object.entries(config) as [keyof T & string, unknown][]) {
    if (SECRET_KEY.test(key)) out[key] = value === undefined ? undefined : '***';
    else if (typeof value === 'string') out[key] = maskUrlPassword(value);
    else out[key] = value;
  }
  return out;
}

export function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '***';
    return url.toString();
  } catch {
    return value;
  }
}
