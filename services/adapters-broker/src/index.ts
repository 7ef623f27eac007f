export { adaptersBrokerService } from './adapters-broker.service-definition.js';
