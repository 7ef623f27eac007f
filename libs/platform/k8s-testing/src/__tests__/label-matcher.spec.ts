import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../api-error.js';
import { labelMatcher } from '../selectors/label-selector.js';

describe('labelMatcher', () => {
  const labels = { app: 'web', tier: 'front' };

  it('matches like the apiserver, != and notin included for objects without the label', () => {
    const holds = (selector: string, on: Record<string, string> = labels) => labelMatcher(selector)?.(on);
    expect(holds('app=web,tier')).toBe(true);
    expect(holds('app==db')).toBe(false);
    expect(holds('env!=prod')).toBe(true);
    expect(holds('app in (db, web),!env')).toBe(true);
    expect(holds('env notin (prod)')).toBe(true);
    expect(holds('tier notin (front)')).toBe(false);
    expect(holds('toString')).toBe(false);
  });

  it('has no matcher without a selector', () => {
    expect(labelMatcher(undefined)).toBeUndefined();
    expect(labelMatcher('  ')).toBeUndefined();
  });

  it('answers 400 for what Kubernetes refuses', () => {
    let thrown: unknown;
    try {
      labelMatcher('-bad=x');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(KubeApiError);
    expect((thrown as KubeApiError).status).toMatchObject({
      code: 400,
      message: 'unable to parse requirement: labelSelector: "-bad" is not a valid label key',
    });
  });
});
