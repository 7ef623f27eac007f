import { Injectable } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { applyKeyset } from '@meshplane/database';
import { SystemEventEntity } from './entities/system-event.entity.js';

export interface SystemEventQuery {
  limit: number;
  beforeSeq?: string;
  services?: string[];
  kinds?: string[];
  severities?: string[];
}

@Injectable()
export class SystemEventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo(): Repository<SystemEventEntity> {
    return this.dataSource.getRepository(SystemEventEntity);
  }

  /** Idempotent: a redelivered event (same id) changes nothing. */
  async insertIfAbsent(event: SystemEventEntity): Promise<boolean> {
    const result = await this.repo
      .createQueryBuilder()
      .insert()
      .values(event)
      .orIgnore()
      .returning(['id'])
      .execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }

  async page(query: SystemEventQuery): Promise<SystemEventEntity[]> {
    // The JetStream sequence totally orders the log, newest first: it is the whole keyset.
    const qb = applyKeyset(this.repo.createQueryBuilder('e'), {
      columns: [{ sql: 'e.streamSeq', type: 'bigint' }],
      direction: 'DESC',
      after: query.beforeSeq === undefined ? undefined : [query.beforeSeq],
    }).limit(query.limit);
    if (query.services?.length) qb.andWhere('e.service IN (:...services)', { services: query.services });
    if (query.kinds?.length) qb.andWhere('e.kind IN (:...kinds)', { kinds: query.kinds });
    if (query.severities?.length)
      qb.andWhere('e.severity IN (:...severities)', { severities: query.severities });
    return qb.getMany();
  }
}
