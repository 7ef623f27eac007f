import { Query, Resolver } from '@nestjs/graphql';
import { LOCAL_PROVIDER } from '../config/identity.config.js';
import { OidcProvidersRegistry } from '../oidc/oidc-providers.registry.js';
import { RemoteProvidersRegistry } from '../remote/remote-providers.registry.js';
import { Provider, ProviderType } from './models/provider.model.js';

const LOCAL_FEATURES = ['login', 'token', 'refresh', 'jwks', 'revocation', 'api-tokens'];

/** Public on purpose: a sign-in page lists the providers before anyone is signed in. */
@Resolver(() => Provider)
export class ProvidersResolver {
  constructor(
    private readonly registry: RemoteProvidersRegistry,
    private readonly oidc: OidcProvidersRegistry,
  ) {}

  @Query(() => [Provider], {
    description: 'The local provider, then every configured remote and OpenID Connect provider.',
  })
  async providers(): Promise<Provider[]> {
    const [remote, oidc] = await Promise.all([this.remoteProviders(), this.oidcProviders()]);
    return [
      {
        name: LOCAL_PROVIDER,
        displayName: null,
        type: ProviderType.LOCAL,
        issuer: null,
        version: null,
        features: LOCAL_FEATURES,
        reachable: true,
      },
      ...remote,
      ...oidc,
    ];
  }

  private remoteProviders(): Promise<Provider[]> {
    return Promise.all(
      this.registry.entries().map(async ({ name }): Promise<Provider> => {
        const status = await this.registry.status(name);
        return {
          name,
          displayName: null,
          type: ProviderType.REMOTE,
          issuer: null,
          version: status.capabilities?.version ?? null,
          features: status.capabilities?.features.map((f) => f.feature) ?? [],
          reachable: status.reachable,
        };
      }),
    );
  }

  private oidcProviders(): Promise<Provider[]> {
    return Promise.all(
      this.oidc.entries().map(async (entry): Promise<Provider> => {
        const { metadata, reachable } = await this.oidc.status(entry);
        const features = ['login'];
        if (metadata?.code_challenge_methods_supported?.includes('S256') !== false) features.push('pkce');
        if (entry.claimMappings.length > 0) features.push('claim-mapping');
        if (metadata?.end_session_endpoint !== undefined) features.push('end-session');
        return {
          name: entry.name,
          displayName: entry.displayName ?? null,
          type: ProviderType.OIDC,
          issuer: metadata?.issuer ?? entry.issuer,
          version: null,
          features,
          reachable,
        };
      }),
    );
  }
}
