import { loadRemoteProviderConfig } from './config/remote-provider.config.js';
import { DEFAULT_CLIENT, startRemoteProvider } from './remote-provider.server.js';

const config = loadRemoteProviderConfig();
const provider = await startRemoteProvider({
  host: config.HOST,
  port: config.PORT,
  ...(config.ISSUER === undefined ? {} : { issuer: config.ISSUER }),
  ...(config.REMOTE_PROVIDER_USERS === undefined ? {} : { users: config.REMOTE_PROVIDER_USERS }),
  clients: [{ clientId: DEFAULT_CLIENT.clientId, redirectUris: config.REDIRECT_URIS }],
  resourceServers: [{ clientId: 'meshplane-gateway', clientSecret: config.INTROSPECTION_CLIENT_SECRET }],
});
process.stdout.write(`reference remote provider listening on ${provider.url} (issuer ${provider.issuer})\n`);

const shutdown = (): void => {
  provider.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
