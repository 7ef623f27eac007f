import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { type SealedContext } from '@meshplane/k8s';
import { CONNECTION_STATUSES, type ConnectionStatusValue } from './connection-status.js';

/** One imported kubeconfig context. Tenant-owned: forced row-level security on org_id. */
@Entity({ name: 'connections' })
@Index('ux_connections_org_name', ['orgId', 'name'], { unique: true, where: 'deleted_at IS NULL' })
@Index('ix_connections_org_cluster', ['orgId', 'clusterId'])
@Index('ix_connections_org_created', ['orgId', 'createdAt', 'id'])
export class ConnectionEntity {
  /** Generated before insert: it is part of the credentials' AAD. */
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  /** Null until a probe has identified the cluster. */
  @Column('uuid', { name: 'cluster_id', nullable: true })
  clusterId!: string | null;

  @Column('text')
  name!: string;

  @Column('text', { name: 'context_name' })
  contextName!: string;

  /** For display only: connecting always goes through the sealed context and the SSRF policy. */
  @Column('text')
  server!: string;

  @Column({ type: 'enum', enum: CONNECTION_STATUSES, enumName: 'connection_status' })
  status!: ConnectionStatusValue;

  @Column('text', { name: 'status_message', nullable: true })
  statusMessage!: string | null;

  /** Disconnected on purpose: the periodic ping leaves it alone until reconnected. */
  @Column('boolean', { name: 'user_disconnected', default: false })
  userDisconnected!: boolean;

  /** `sealCredentials` output; null once the connection is deleted (credentials wiped). */
  @Column('jsonb', { nullable: true })
  credentials!: SealedContext | null;

  @Column('text', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_ping_at', nullable: true })
  lastPingAt!: Date | null;

  /** A replica pinging this connection holds it until then; others skip it. */
  @Column('timestamptz', { name: 'ping_lease_until', nullable: true })
  pingLeaseUntil!: Date | null;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
