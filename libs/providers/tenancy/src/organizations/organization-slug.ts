import { randomBytes } from 'node:crypto';

const MAX_BASE = 40;

/** A URL-friendly rendering of an organization name; names without a Latin letter or digit become "org". */
export function slugBase(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_BASE)
    .replace(/-+$/g, '');
  return base === '' ? 'org' : base;
}

/** The slug to try after `base` was taken: slugs are global while other tenants' rows are invisible here. */
export function suffixedSlug(base: string): string {
  return `${base}-${randomBytes(3).toString('hex')}`;
}
