/** Experiments on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineExperimentsSuite } from './experiments-suite.js';

const available = await mysqlAvailable();
defineExperimentsSuite('mariadb', () => available);
