export { runList as run } from './plan-show.js';
