/** Experiments served on SQLite. */
import { defineExperimentServingSuite } from './experiment-serving-suite.js';

defineExperimentServingSuite('sqlite', () => true);
