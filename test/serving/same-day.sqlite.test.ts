/** Same-day serving on SQLite. */
import { defineSameDaySuite } from './same-day-suite.js';

defineSameDaySuite('sqlite', () => true);
