export { patternsService } from './patterns.service-definition.js';
