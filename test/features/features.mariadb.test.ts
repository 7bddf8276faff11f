/** Feature values on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineFeatureSuite } from './feature-suite.js';

const available = await mysqlAvailable();
defineFeatureSuite('mariadb', () => available);
