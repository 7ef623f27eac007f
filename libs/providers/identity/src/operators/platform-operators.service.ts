import { Inject, Injectable } from '@nestjs/common';
import { Brackets, DataSource } from 'typeorm';
import { IDENTITY_CONFIG, LOCAL_PROVIDER, type IdentityConfig } from '../config/identity.config.js';
import { IdentityEntity } from '../identities/identity.entity.js';
import { LocalCredentialEntity } from '../local/local-credential.entity.js';
import { issuerKey, oidcProvidersOf } from '../oidc/oidc.config.js';
import { platformOperatorsOf, type PlatformOperatorEntry } from './platform-operators.config.js';

/**
 * Whether a user holds the platform-operator role. The role belongs to operator configuration only: a user holds
 * it through a local credential whose sign-in email is listed, or a linked remote identity whose provider and
 * subject are listed. Matching the local credential (not the user's profile email) matters: a remote provider may
 * report any email address, and must not make its user an operator by claiming a listed one.
 */
@Injectable()
export class PlatformOperatorsService {
  private readonly localEmails: string[];
  private readonly remote: (PlatformOperatorEntry & { issuer?: string })[];

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDENTITY_CONFIG) config: IdentityConfig,
  ) {
    const entries = platformOperatorsOf(config);
    this.localEmails = entries.filter((e) => e.provider === LOCAL_PROVIDER).map((e) => e.subject);
    // An OpenID Connect entry names the provider's current issuer: its name pointed at another issuer later must
    // not hand the role to whoever has that subject there.
    const issuers = new Map(oidcProvidersOf(config).map((entry) => [entry.name, issuerKey(entry.issuer)]));
    this.remote = entries
      .filter((e) => e.provider !== LOCAL_PROVIDER)
      .map((e) => {
        const issuer = issuers.get(e.provider);
        return issuer === undefined ? e : { ...e, issuer };
      });
  }

  async isOperator(userId: string): Promise<boolean> {
    const [local, remote] = await Promise.all([this.holdsLocalEntry(userId), this.holdsRemoteEntry(userId)]);
    return local || remote;
  }

  private async holdsLocalEntry(userId: string): Promise<boolean> {
    if (this.localEmails.length === 0) return false;
    return this.dataSource
      .getRepository(LocalCredentialEntity)
      .createQueryBuilder('c')
      .where('c.userId = :userId', { userId })
      .andWhere('c.email IN (:...emails)', { emails: this.localEmails })
      .getExists();
  }

  private async holdsRemoteEntry(userId: string): Promise<boolean> {
    if (this.remote.length === 0) return false;
    return this.dataSource
      .getRepository(IdentityEntity)
      .createQueryBuilder('i')
      .where('i.userId = :userId', { userId })
      .andWhere(
        new Brackets((any) => {
          this.remote.forEach((entry, index) =>
            entry.issuer === undefined
              ? any.orWhere(`(i.provider = :p${index} AND i.subject = :s${index} AND i.issuer IS NULL)`, {
                  [`p${index}`]: entry.provider,
                  [`s${index}`]: entry.subject,
                })
              : any.orWhere(`(i.issuer = :i${index} AND i.subject = :s${index})`, {
                  [`i${index}`]: entry.issuer,
                  [`s${index}`]: entry.subject,
                }),
          );
        }),
      )
      .getExists();
  }
}
