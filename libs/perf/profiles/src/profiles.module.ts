import { Module } from '@nestjs/common';
import { ProfilesResolver } from './graphql/profiles.resolver.js';
import { ProfilesRepository } from './persistence/profiles.repository.js';
import { ProfilesService } from './profiles.service.js';

/** Performance profiles: storage, rules and the GraphQL. Needs the service's DataSource and Clock. */
@Module({ providers: [ProfilesRepository, ProfilesService, ProfilesResolver], exports: [ProfilesService] })
export class ProfilesModule {}
