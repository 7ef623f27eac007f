export { run } from './run.js';
export { buildProgram } from './program.js';
