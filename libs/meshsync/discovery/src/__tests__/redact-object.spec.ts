import { describe, expect, it } from 'vitest';
import { redactObject } from '../sync/redact-object.js';

const SECRET = { group: '', kind: 'Secret' };
const secret = () => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 's',
    managedFields: [{ manager: 'kubectl' }],
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"aHVudGVyMg=="}}',
      team: 'a',
    },
  },
  type: 'Opaque',
  data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=' },
  stringData: { token: 'plain' },
});

describe('redactObject', () => {
  it('keeps Secret keys but drops their values and the last-applied copy', () => {
    const out = redactObject(SECRET, secret(), { redactSecrets: true });
    expect(out.data).toEqual({ password: null, user: null });
    expect(out.stringData).toEqual({ token: null });
    expect(out.metadata).toEqual({ name: 's', annotations: { team: 'a' } });
    expect(JSON.stringify(out)).not.toMatch(/aHVudGVyMg|plain|YWRtaW4/);
  });

  it('keeps Secret values when redaction is turned off, still without managedFields', () => {
    const out = redactObject(SECRET, secret(), { redactSecrets: false });
    expect(out.data).toEqual({ password: 'aHVudGVyMg==', user: 'YWRtaW4=' });
    expect(out.metadata).not.toHaveProperty('managedFields');
  });

  it('drops managedFields of any kind and leaves the rest alone', () => {
    const cm = { metadata: { name: 'c', managedFields: [{}] }, data: { a: 'b' } };
    const out = redactObject({ group: '', kind: 'ConfigMap' }, cm, { redactSecrets: true });
    expect(out).toEqual({ metadata: { name: 'c' }, data: { a: 'b' } });
    expect(cm.metadata.managedFields).toHaveLength(1);
  });

  it('does not treat a same-named kind of another group as a Secret', () => {
    const out = redactObject(
      { group: 'example.com', kind: 'Secret' },
      { data: { a: 'b' } },
      { redactSecrets: true },
    );
    expect(out.data).toEqual({ a: 'b' });
  });
});
