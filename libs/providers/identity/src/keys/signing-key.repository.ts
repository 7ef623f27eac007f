import { Injectable } from '@nestjs/common';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import type { ExportedSigningKey } from '@meshplane/auth';
import { withTransaction } from '@meshplane/database';
import { SigningKeyEntity } from './signing-key.entity.js';
import type { SigningKeyStore } from './signing-key.store.js';

const LOCK_KEY = 'meshplane.identity.signing-keys';

@Injectable()
export class SigningKeyRepository implements SigningKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<ExportedSigningKey[]> {
    return (await this.dataSource.getRepository(SigningKeyEntity).find()).map(toExported);
  }

  async update(
    next: (current: ExportedSigningKey[]) => ExportedSigningKey[] | undefined,
  ): Promise<ExportedSigningKey[]> {
    return withTransaction(this.dataSource, async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [LOCK_KEY]);
      const current = (await manager.getRepository(SigningKeyEntity).find()).map(toExported);
      const replacement = next(current);
      if (replacement === undefined) return current;
      await replace(manager, replacement);
      return replacement;
    });
  }
}

async function replace(manager: EntityManager, keys: ExportedSigningKey[]): Promise<void> {
  const repo = manager.getRepository(SigningKeyEntity);
  const kids = keys.map((key) => key.kid);
  if (kids.length > 0) await repo.delete({ kid: Not(In(kids)) });
  await repo.save(keys.map(toEntity));
}

function toExported(row: SigningKeyEntity): ExportedSigningKey {
  return {
    kid: row.kid,
    createdAt: row.createdAt.getTime(),
    ...(row.retiredAt === null ? {} : { retiredAt: row.retiredAt.getTime() }),
    publicJwk: row.publicJwk,
    sealedPrivateKey: row.sealedPrivateKey,
  };
}

function toEntity(key: ExportedSigningKey): SigningKeyEntity {
  return Object.assign(new SigningKeyEntity(), {
    kid: key.kid,
    createdAt: new Date(key.createdAt),
    retiredAt: key.retiredAt === undefined ? null : new Date(key.retiredAt),
    publicJwk: key.publicJwk,
    sealedPrivateKey: key.sealedPrivateKey,
  });
}
