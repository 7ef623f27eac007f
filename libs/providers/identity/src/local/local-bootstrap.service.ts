import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrganizationsService, TenancyDirectory, UsersService } from '@meshplane/providers-tenancy';
import { IDENTITY_CONFIG, LOCAL_PROVIDER, type IdentityConfig } from '../config/identity.config.js';
import { IdentitiesRepository } from '../identities/identities.repository.js';
import { BootstrapPasswordOutput } from './bootstrap-password.output.js';
import { LocalCredentialsRepository } from './local-credentials.repository.js';
import { hashPassword } from './password-hash.js';

const LOCK_KEY = 'meshplane.identity.bootstrap';
const DEFAULT_ORGANIZATION = 'Default organization';
const ADMIN_NAME = 'Administrator';

/**
 * First start of the local provider: a default organization owned by an admin user who can sign in. Replicas
 * starting together serialise on an advisory lock; every step is skipped when already done, so a start that
 * died half-way is finished by the next one instead of leaving a second organization behind.
 */
@Injectable()
export class LocalBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('LocalProviderBootstrap');

  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: LocalCredentialsRepository,
    private readonly identities: IdentitiesRepository,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly directory: TenancyDirectory,
    private readonly output: BootstrapPasswordOutput,
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.withLock(() => this.bootstrap());
  }

  private async bootstrap(): Promise<void> {
    const email = this.config.LOCAL_ADMIN_EMAIL;
    if (await this.credentials.existsForEmail(email)) return;
    const admin = await this.users.upsertByEmail({ email, displayName: ADMIN_NAME });
    if ((await this.directory.membershipsOf(admin.id)).length === 0) {
      await this.organizations.createOrganization({ name: DEFAULT_ORGANIZATION, ownerUserId: admin.id });
    }
    const given = this.config.LOCAL_ADMIN_PASSWORD;
    const password = given ?? randomBytes(18).toString('base64url');
    await this.credentials.insert(admin.id, email, await hashPassword(password));
    await this.identities.link(
      { provider: LOCAL_PROVIDER, subject: admin.id, userId: admin.id, email },
      false,
    );
    if (given === undefined) {
      this.reveal(email, password);
    } else {
      this.logger.log(`BOOTSTRAP: local admin ${email} created with the password from LOCAL_ADMIN_PASSWORD`);
    }
  }

  /**
   * The only time the generated password exists in clear: it goes to the operator (a 0600 file, else one plain
   * stderr line) and never through the logger, whose lines end up in log stores.
   */
  private reveal(email: string, password: string): void {
    const file = this.config.LOCAL_ADMIN_PASSWORD_FILE;
    if (file !== undefined) {
      this.output.toFile(file, password);
      this.logger.warn(
        `BOOTSTRAP: local admin ${email} created; its generated password is in ${file} (mode 0600). ` +
          'Sign in, change it with changePassword, then delete the file.',
      );
      return;
    }
    this.output.toConsole(
      `BOOTSTRAP: local admin created: sign in as ${email} with password ${password} and change it (changePassword)`,
    );
    this.logger.warn(
      `BOOTSTRAP: local admin ${email} created; its generated password was written once to stderr (not to this ` +
        'log). Set LOCAL_ADMIN_PASSWORD_FILE to receive it in a file instead.',
    );
  }

  /** A session-level lock on a connection of its own, held while the steps run on the pool's other connections. */
  private async withLock(work: () => Promise<void>): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [LOCK_KEY]);
      try {
        await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
