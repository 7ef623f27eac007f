import { describe, expect, it } from 'vitest';
import { statusFieldName } from '../status.resolver.js';

describe('statusFieldName', () => {
  it('appends Status to a single-word service name', () => {
    expect(statusFieldName('providers')).toBe('providersStatus');
  });

  it('camel-cases every dash-separated word', () => {
    expect(statusFieldName('meshsync-ingest')).toBe('meshsyncIngestStatus');
    expect(statusFieldName('adapters-broker')).toBe('adaptersBrokerStatus');
    expect(statusFieldName('a-b-c')).toBe('aBCStatus');
  });
});
