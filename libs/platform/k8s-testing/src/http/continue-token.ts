import { badRequest } from '../api-error.js';

interface ContinueToken {
  rv: number;
  /** The last key returned; the next page starts strictly after it. */
  lastKey: string;
}

/** Same shape as the apiserver's token: base64url of {"v":"meta.k8s.io/v1","rv":…,"start":"<key>\u0000"}. */
export function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString(
    'base64url',
  );
}

export function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      v?: unknown;
      rv?: unknown;
      start?: unknown;
    };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.rv !== 'number' || typeof parsed.start !== 'string')
      throw new Error();
    return {
      rv: parsed.rv,
      lastKey: parsed.start.endsWith('\u0000') ? parsed.start.slice(0, -1) : parsed.start,
    };
  } catch {
    throw badRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}
