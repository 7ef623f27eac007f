import { Injectable } from '@nestjs/common';
import {
  checkOptionalText,
  decodeCursor,
  DomainError,
  encodeCursor,
  isUuid,
  NotFoundError,
  pageOf,
  pageSize,
  ValidationFailedError,
  type CursorShape,
} from '@meshplane/graphql';
import type { PerformanceProfileEntity } from './entities/performance-profile.entity.js';
import { PROFILE_LIMITS, type PerformanceProfileInput } from './profile.js';
import { profileFromSmp, profileToSmp, type SmpFormat } from './smp-mapping.js';
import { validateProfileInput } from './validate-profile.js';
import {
  ProfileNameTakenError,
  profileOfRow,
  ProfilesRepository,
  ProfileVersionConflictError,
  type ProfileFilter,
} from './persistence/profiles.repository.js';
import { asDomainError, generatorFromGraphql, toProfileModel } from './graphql/profile.mapper.js';
import type { PerformanceProfilesArgs } from './graphql/profile.inputs.js';
import type { PerformanceProfilePage } from './graphql/profile.model.js';

/** The most an imported SMP document may hold; a profile's own bounds keep real ones far smaller. */
export const MAX_SMP_DOCUMENT_LENGTH = 256 * 1024;

const PAGE_CURSOR = {
  order: 'performanceProfiles:CREATED_AT:ASC',
  keys: ['timestamp', 'uuid'],
} as const satisfies CursorShape;

/** Profiles of one organization: validation, the name and version rules, SMP import/export, pages. */
@Injectable()
export class ProfilesService {
  constructor(private readonly profiles: ProfilesRepository) {}

  async create(
    orgId: string,
    userId: string,
    input: PerformanceProfileInput,
  ): Promise<PerformanceProfileEntity> {
    return this.translated(() => this.profiles.insert(orgId, userId, validateProfileInput(input)));
  }

  async update(
    orgId: string,
    id: string,
    expectedVersion: number,
    input: PerformanceProfileInput,
  ): Promise<PerformanceProfileEntity> {
    const profile = this.translatedSync(() => validateProfileInput(input));
    const row = await this.translated(() =>
      this.profiles.replace(orgId, checkedId(id), expectedVersion, profile),
    );
    if (!row) throw notFound(id);
    return row;
  }

  async delete(orgId: string, id: string, expectedVersion?: number): Promise<void> {
    const deleted = await this.translated(() => this.profiles.delete(orgId, checkedId(id), expectedVersion));
    if (!deleted) throw notFound(id);
  }

  async get(orgId: string, id: string): Promise<PerformanceProfileEntity> {
    const row = isUuid(id) ? await this.profiles.find(orgId, id) : null;
    if (!row) throw notFound(id);
    return row;
  }

  /** Reads an SMP PerformanceTestConfig and stores it as a new profile; `format` says what the text must be. */
  async import(
    orgId: string,
    userId: string,
    document: string,
    format?: SmpFormat,
  ): Promise<PerformanceProfileEntity> {
    if (document.length > MAX_SMP_DOCUMENT_LENGTH)
      throw new ValidationFailedError('document', `must be at most ${MAX_SMP_DOCUMENT_LENGTH} characters`);
    if (format === 'json') {
      try {
        JSON.parse(document);
      } catch {
        throw new ValidationFailedError('document', 'is not JSON (format JSON was given)');
      }
    }
    const profile = this.translatedSync(() => profileFromSmp(document));
    return this.translated(() => this.profiles.insert(orgId, userId, profile));
  }

  async export(orgId: string, id: string, format: SmpFormat): Promise<string> {
    const row = await this.get(orgId, id);
    return profileToSmp(profileOfRow(row), format, row.id);
  }

  async page(orgId: string, args: PerformanceProfilesArgs): Promise<PerformanceProfilePage> {
    const first = pageSize(args.first);
    const nameContains = checkOptionalText(
      args.filter?.nameContains,
      'filter.nameContains',
      PROFILE_LIMITS.nameLength,
    );
    const filter: ProfileFilter = {
      ...(nameContains === undefined ? {} : { nameContains }),
      ...(args.filter?.generator ? { generator: generatorFromGraphql(args.filter.generator) } : {}),
    };
    const { rows, totalCount } = await this.profiles.page(orgId, filter, {
      after: decodeCursor(args.after, PAGE_CURSOR),
      limit: first + 1,
    });
    const cursorOf = (row: PerformanceProfileEntity) =>
      encodeCursor(PAGE_CURSOR, [row.createdAt.toISOString(), row.id]);
    return { ...pageOf(rows, first, cursorOf, toProfileModel), totalCount };
  }

  private translatedSync<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw asDomainError(error);
    }
  }

  private async translated<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ProfileNameTakenError)
        throw new DomainError('NAME_TAKEN', error.message, { field: 'input.name' });
      if (error instanceof ProfileVersionConflictError)
        throw new DomainError(
          'CONFLICT',
          `The profile was changed meanwhile: it is at version ${error.current}, not ${error.expected}. Read it again and retry.`,
          { field: 'expectedVersion', currentVersion: error.current },
        );
      throw asDomainError(error);
    }
  }
}

/** Another organization's profile, a deleted one and a malformed id all answer the same. */
function notFound(id: string): NotFoundError {
  return new NotFoundError(`performance profile ${isUuid(id) ? id : '(malformed id)'}`);
}

function checkedId(id: string): string {
  if (!isUuid(id)) throw notFound(id);
  return id;
}
