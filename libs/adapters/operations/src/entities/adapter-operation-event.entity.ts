import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OperationEventSeverity, OperationStatus } from '../state/operation-state.js';

/** One event of an operation; (operation, sequence) is the key, so relaying an event twice stores it once. */
@Entity({ name: 'adapter_operation_events' })
export class AdapterOperationEventEntity {
  @PrimaryColumn('uuid', { name: 'operation_id' })
  operationId!: string;

  @PrimaryColumn('integer')
  sequence!: number;

  @Column('uuid', { name: 'org_id' })
  orgId!: string;

  @Column('text')
  severity!: OperationEventSeverity;

  @Column('text')
  summary!: string;

  @Column('text', { nullable: true })
  details!: string | null;

  @Column('text', { name: 'probable_cause', array: true })
  probableCause!: string[];

  @Column('text', { name: 'suggested_remediation', array: true })
  suggestedRemediation!: string[];

  @Column('integer', { name: 'progress_percent', nullable: true })
  progressPercent!: number | null;

  /** Set on the event that ends the operation. */
  @Column('text', { nullable: true })
  status!: OperationStatus | null;

  @Column('timestamptz')
  at!: Date;
}
