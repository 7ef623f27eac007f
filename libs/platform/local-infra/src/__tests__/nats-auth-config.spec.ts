import { describe, expect, it } from 'vitest';
import { renderNatsAuthorization } from '../nats/nats-auth-config.js';

const base = { publish: ['$JS.API.INFO', 'system.v1.perf.*'], subscribe: ['_INBOX.perf.>'] };

describe('renderNatsAuthorization', () => {
  it('renders users with quoted subjects and a literal or environment password', () => {
    const text = renderNatsAuthorization([
      { user: 'perf', password: 'a-long-enough-password', ...base },
      { user: 'patterns', password: { env: 'NATS_PASSWORD_PATTERNS' }, ...base },
    ]);
    expect(text).toContain('user: "perf"\n      password: "a-long-enough-password"');
    expect(text).toContain('password: $NATS_PASSWORD_PATTERNS\n');
    expect(text).toContain(
      'publish: { allow: [\n          "$JS.API.INFO",\n          "system.v1.perf.*"\n        ] }',
    );
    expect(text).toContain('subscribe: { allow: [\n          "_INBOX.perf.>"\n        ] }');
  });

  it('lets only a user that answers requests reply to them', () => {
    const text = renderNatsAuthorization([
      { user: 'answers', password: 'a-long-enough-password', ...base, allowResponses: true },
      { user: 'asks', password: 'a-long-enough-password', ...base },
    ]);
    const [answers, asks] = text.split('user: "asks"');
    expect(answers).toContain('allow_responses: true');
    expect(asks).not.toContain('allow_responses');
  });

  it('refuses values that could break out of the config, short passwords and duplicate users', () => {
    expect(() =>
      renderNatsAuthorization([{ user: 'perf', password: 'abc"\n}\nno_auth_user: x 0123', ...base }]),
    ).toThrow(/cannot carry safely/);
    expect(() =>
      renderNatsAuthorization([
        { user: 'perf', password: 'a-long-enough-password', publish: ['a b'], subscribe: ['x'] },
      ]),
    ).toThrow(/cannot carry safely/);
    expect(() => renderNatsAuthorization([{ user: 'perf', password: 'short', ...base }])).toThrow(/16/);
    expect(() => renderNatsAuthorization([{ user: 'perf', password: { env: 'x; y' }, ...base }])).toThrow(
      /environment variable/,
    );
    const u = { user: 'perf', password: 'a-long-enough-password', ...base };
    expect(() => renderNatsAuthorization([u, u])).toThrow(/twice/);
    expect(() => renderNatsAuthorization([])).toThrow(/at least one/);
  });
});
