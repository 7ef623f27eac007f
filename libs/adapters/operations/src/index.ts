/** @meshplane/adapters-operations: see README.md. */
export { adapterOperationsFeature } from './operations.feature.js';
export { AdapterOperationsModule } from './operations.module.js';
export { AdapterOperationEntity } from './entities/adapter-operation.entity.js';
export { AdapterOperationEventEntity } from './entities/adapter-operation-event.entity.js';
export { OperationExecutor } from './execution/operation-executor.js';
export { OperationsRepository } from './persistence/operations.repository.js';
export {
  afterAttempt,
  canTransition,
  isFinal,
  resumeDecision,
  type AttemptOutcome,
  type OperationStatus,
} from './state/operation-state.js';
export { type OperationsConfig } from './config/operations.config.js';
