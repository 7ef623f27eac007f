export { conformanceService } from './conformance.service-definition.js';
