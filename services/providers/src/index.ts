export { providersService } from './providers.service-definition.js';
