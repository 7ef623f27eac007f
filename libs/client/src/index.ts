export { MeshplaneClient, type GraphqlResult, type MeshplaneClientOptions } from './meshplane-client.js';
export { GraphqlRequestError, TransportError, type GraphqlErrorEntry } from './client-error.js';
export { credentialHeaders, type Credentials } from './credentials.js';
export type { LiveSubscription, SubscriptionTransport } from './live-subscription.js';
export * from './generated/graphql.js';
export type { TypedDocumentNode } from '@graphql-typed-document-node/core';
