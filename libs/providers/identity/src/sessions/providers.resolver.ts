import { Query, Resolver } from '@nestjs/graphql';
import { LOCAL_PROVIDER } from '../config/identity.config.js';
import { RemoteProvidersRegistry } from '../remote/remote-providers.registry.js';
import { Provider, ProviderType } from './models/provider.model.js';

const LOCAL_FEATURES = ['login', 'token', 'refresh', 'jwks', 'revocation', 'api-tokens'];

/** Public on purpose: a sign-in page lists the providers before anyone is signed in. */
@Resolver(() => Provider)
export class ProvidersResolver {
  constructor(private readonly registry: RemoteProvidersRegistry) {}

  @Query(() => [Provider], { description: 'The local provider and every configured remote provider.' })
  async providers(): Promise<Provider[]> {
    const remote = await Promise.all(
      this.registry.entries().map(async ({ name }): Promise<Provider> => {
        const status = await this.registry.status(name);
        return {
          name,
          type: ProviderType.REMOTE,
          version: status.capabilities?.version ?? null,
          features: status.capabilities?.features.map((f) => f.feature) ?? [],
          reachable: status.reachable,
        };
      }),
    );
    return [
      {
        name: LOCAL_PROVIDER,
        type: ProviderType.LOCAL,
        version: null,
        features: LOCAL_FEATURES,
        reachable: true,
      },
      ...remote,
    ];
  }
}
