import { describe, expect, it } from 'vitest';
import type { ResourceKind } from '@meshplane/contracts';
import { defaultKindCount, selectKinds } from '../kinds/kind-catalogue.js';
import { matchesKind, parseKindPattern, parseKindPatterns } from '../kinds/kind-pattern.js';

const kind = (group: string, k: string, resource: string): ResourceKind => ({
  group,
  version: 'v1',
  kind: k,
  resource,
  namespaced: true,
});

const POD = kind('', 'Pod', 'pods');
const EVENT = kind('', 'Event', 'events');
const NEW_EVENT = kind('events.k8s.io', 'Event', 'events');
const LEASE = kind('coordination.k8s.io', 'Lease', 'leases');
const DEPLOY = kind('apps', 'Deployment', 'deployments');
const WIDGET = kind('example.com', 'Widget', 'widgets');
const PODTEMPLATE = kind('', 'PodTemplate', 'podtemplates');
const METRICS = kind('metrics.k8s.io', 'PodMetrics', 'pods');
const SERVED = [POD, EVENT, NEW_EVENT, LEASE, DEPLOY, WIDGET, PODTEMPLATE, METRICS];
const none = { include: [], exclude: [] };

describe('kind patterns', () => {
  it('matches a bare kind in any group, by Kind or plural, ignoring case', () => {
    const p = parseKindPattern('event');
    expect(matchesKind(EVENT, p)).toBe(true);
    expect(matchesKind(NEW_EVENT, p)).toBe(true);
    expect(matchesKind(POD, p)).toBe(false);
    expect(matchesKind(DEPLOY, parseKindPattern('deployments'))).toBe(true);
  });

  it('restricts by group, with core naming the empty group', () => {
    expect(matchesKind(EVENT, parseKindPattern('core/Event'))).toBe(true);
    expect(matchesKind(NEW_EVENT, parseKindPattern('core/Event'))).toBe(false);
    expect(matchesKind(NEW_EVENT, parseKindPattern('events.k8s.io/Event'))).toBe(true);
  });

  it('supports wildcards without treating dots as wildcards', () => {
    expect(matchesKind(WIDGET, parseKindPattern('example.com/*'))).toBe(true);
    expect(matchesKind(WIDGET, parseKindPattern('exampleXcom/*'))).toBe(false);
    expect(matchesKind(METRICS, parseKindPattern('*.k8s.io/*'))).toBe(true);
  });

  it('parses comma lists, skipping blanks, and refuses junk', () => {
    expect(parseKindPatterns(' Pod, ,apps/Deployment ').map((p) => p.source)).toEqual([
      'Pod',
      'apps/Deployment',
    ]);
    expect(() => parseKindPatterns('apps/')).toThrow(/names no kind/);
    expect(() => parseKindPatterns('a(b)')).toThrow(/not a group\/Kind pattern/);
  });
});

describe('kind selection', () => {
  it('has a default catalogue of at least 40 built-in kinds', () => {
    expect(defaultKindCount()).toBeGreaterThanOrEqual(40);
  });

  it('watches served default kinds and CRD kinds, not events, leases or unlisted kinds', () => {
    const selected = selectKinds(SERVED, new Set(['example.com/Widget']), none);
    expect(selected).toEqual([POD, DEPLOY, WIDGET, PODTEMPLATE]);
  });

  it('leaves a CRD-less unknown group out', () => {
    expect(selectKinds(SERVED, new Set(), none)).not.toContainEqual(WIDGET);
  });

  it('adds included kinds and lets exclusion win over everything', () => {
    const selected = selectKinds(SERVED, new Set(['example.com/Widget']), {
      include: parseKindPatterns('core/Event,metrics.k8s.io/*'),
      exclude: parseKindPatterns('Widget,PodMetrics,apps/*'),
    });
    expect(selected).toEqual([POD, EVENT, PODTEMPLATE]);
  });
});
