import { z } from 'zod';

/** Reusable variable types: each fails with a message a person can act on. */
export const envPort = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a TCP port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

export const envUrl = (protocols: string[]) =>
  z.string({ message: 'is required' }).refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${protocols.join(' or ')}` },
  );

export const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envInt = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

export const envLogLevel = () =>
  z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info');

export const envSecret = (minLength: number) =>
  z.string({ message: 'is required' }).min(minLength, `must be at least ${minLength} characters`);

/** Comma-separated secrets, newest first: the first one signs, every one verifies (rotation without downtime). */
export const envSecretList = (minLength: number) =>
  z
    .string({ message: 'is required' })
    .transform((value) => value.split(',').map((part) => part.trim()))
    .refine((parts) => parts.length > 0 && parts.every((part) => part.length >= minLength), {
      message: `must be one or more comma-separated secrets of at least ${minLength} characters each`,
    });
