export { runDue as run } from './calendar.js';
