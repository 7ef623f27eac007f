/** One NATS user of a service, as nats-server's `authorization.users` holds it. */
export interface NatsUser {
  user: string;
  /** The password itself (local run) or the environment variable nats-server reads it from (deployments). */
  password: string | { env: string };
  publish: readonly string[];
  subscribe: readonly string[];
  /** One reply per received request, to its reply subject only (`allow_responses`): services that answer requests. */
  allowResponses?: boolean;
}

/** Characters that could end a quoted string or start a new config statement are refused, not escaped. */
const SAFE = /^[A-Za-z0-9_.*>$+/=-]+$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * The `authorization` block of a nats-server config (syntax of 2.9 and later): one user per service with allow
 * lists only, so anything not listed is refused, and no user for anonymous connections, so they are refused too.
 */
export function renderNatsAuthorization(users: readonly NatsUser[]): string {
  if (users.length === 0) throw new Error('a NATS authorization needs at least one user');
  const names = new Set<string>();
  const blocks = users.map((u) => {
    if (names.has(u.user)) throw new Error(`NATS user "${u.user}" is listed twice`);
    names.add(u.user);
    return [
      '    {',
      `      user: ${quote(u.user, 'user')}`,
      `      password: ${password(u)}`,
      '      permissions: {',
      `        publish: { allow: ${list(u.publish, `${u.user} publish`)} }`,
      `        subscribe: { allow: ${list(u.subscribe, `${u.user} subscribe`)} }`,
      ...(u.allowResponses === true ? ['        allow_responses: true'] : []),
      '      }',
      '    }',
    ].join('\n');
  });
  return ['authorization {', '  users = [', ...blocks, '  ]', '}', ''].join('\n');
}

function password(u: NatsUser): string {
  if (typeof u.password === 'string') {
    if (u.password.length < 16) throw new Error(`NATS password of ${u.user} must be at least 16 characters`);
    return quote(u.password, `password of ${u.user}`);
  }
  if (!ENV_NAME.test(u.password.env))
    throw new Error(`"${u.password.env}" is not an environment variable name (A-Z, 0-9, _)`);
  // An unquoted $NAME is resolved from nats-server's environment; a missing variable stops the server.
  return `$${u.password.env}`;
}

/** One subject per line, so a review of a permission change reads like any other diff. */
function list(subjects: readonly string[], what: string): string {
  if (subjects.length === 0) throw new Error(`${what} lists no subject`);
  const lines = subjects.map((s) => `          ${quote(s, what)}`).join(',\n');
  return `[\n${lines}\n        ]`;
}

function quote(value: string, what: string): string {
  // Quoted strings are taken literally (no $variable expansion): "$JS.API.INFO" is a subject, not a variable.
  if (!SAFE.test(value))
    throw new Error(`${what} "${value}" holds characters a NATS config cannot carry safely`);
  return `"${value}"`;
}
