import type { MessagingConnectOptions } from '../client/messaging-client.js';
import type { Topology } from '../topology/ensure-topology.js';

export interface MessagingModuleOptions extends MessagingConnectOptions, Topology {}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
