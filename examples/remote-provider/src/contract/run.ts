import { parseArgs } from 'node:util';
import { loadConfig, processEnv } from '@meshplane/config';
import { z } from 'zod';
import { runContractSuite } from './contract-suite.js';

/**
 * node examples/remote-provider/dist/contract/run.js --base-url URL [--username u --password p ...]
 * The introspection secret is read from CONTRACT_INTROSPECTION_SECRET so it stays out of shell history.
 */
const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'client-id': { type: 'string', default: 'meshplane' },
    'redirect-uri': { type: 'string', default: 'http://127.0.0.1:4000/auth/callback' },
    username: { type: 'string', default: 'alice' },
    password: { type: 'string' },
    'introspection-client-id': { type: 'string', default: 'meshplane-gateway' },
    audience: { type: 'string', default: 'meshplane' },
  },
});

const env = loadConfig(
  z.object({
    CONTRACT_PASSWORD: z.string().optional(),
    CONTRACT_INTROSPECTION_SECRET: z.string({ message: 'is required (the /oauth/introspect client secret)' }),
  }),
  processEnv(),
);
const baseUrl = values['base-url'];
const password = values.password ?? env.CONTRACT_PASSWORD;
if (!baseUrl || !password) {
  process.stderr.write('usage: run.js --base-url URL [--password P | CONTRACT_PASSWORD=P]\n');
  process.exit(2);
}

const results = await runContractSuite({
  baseUrl,
  clientId: values['client-id'],
  redirectUri: values['redirect-uri'],
  username: values.username,
  password,
  introspectionClientId: values['introspection-client-id'],
  introspectionClientSecret: env.CONTRACT_INTROSPECTION_SECRET,
  audience: values.audience,
});
for (const result of results) {
  const mark = result.passed ? 'PASS' : 'FAIL';
  process.stdout.write(`${mark} ${result.name}${result.reason ? `\n     ${result.reason}` : ''}\n`);
}
const failed = results.filter((r) => !r.passed).length;
process.stdout.write(`\n${results.length - failed}/${results.length} checks passed\n`);
process.exitCode = failed === 0 ? 0 : 1;
