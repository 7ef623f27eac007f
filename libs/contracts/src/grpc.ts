// Generated from proto/ (ts-proto via buf): the adapter protocol and the standard gRPC health protocol. A subpath of
// its own (`@meshplane/contracts/grpc`): the generated clients load @grpc/grpc-js, which the services that only use
// the event contracts above need not load.
export * as adapterV1 from './generated/proto/meshplane/adapter/v1/adapter.js';
export * as grpcHealthV1 from './generated/proto/grpc/health/v1/health.js';
