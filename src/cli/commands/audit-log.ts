export { runLog as run } from './audit.js';
