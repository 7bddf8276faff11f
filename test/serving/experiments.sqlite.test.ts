/** Experiments on SQLite. */
import { defineExperimentsSuite } from './experiments-suite.js';

defineExperimentsSuite('sqlite', () => true);
