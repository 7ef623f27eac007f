import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One platform event as it crossed JetStream; `streamSeq` orders the log and backs cursors. */
@Entity({ name: 'system_events' })
@Index('ix_system_events_stream_seq', ['streamSeq'], { unique: true })
@Index('ix_system_events_service_kind', ['service', 'kind'])
export class SystemEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  service!: string;

  @Column('text')
  instance!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  severity!: string;

  @Column('text')
  message!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('bigint', { name: 'stream_seq' })
  streamSeq!: string;

  @Column('timestamptz', { name: 'received_at', default: () => 'now()' })
  receivedAt!: Date;
}
