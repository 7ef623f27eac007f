export { perfService } from './perf.service-definition.js';
