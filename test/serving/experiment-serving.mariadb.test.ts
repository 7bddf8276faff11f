/** Experiments served on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineExperimentServingSuite } from './experiment-serving-suite.js';

const available = await mysqlAvailable();
defineExperimentServingSuite('mariadb', () => available);
