/** Feature values on the embedded SQLite database. */
import { defineFeatureSuite } from './feature-suite.js';

defineFeatureSuite('sqlite', () => true);
