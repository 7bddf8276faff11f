/** The customer's data rights on SQLite. */
import { defineDataRightsSuite } from './data-rights-suite.js';

defineDataRightsSuite('sqlite', () => true);
