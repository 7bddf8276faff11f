/** Segments on SQLite. */
import { defineSegmentsSuite } from './segments-suite.js';

defineSegmentsSuite('sqlite', () => true);
