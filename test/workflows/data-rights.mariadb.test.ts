/** The customer's data rights on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineDataRightsSuite } from './data-rights-suite.js';

const available = await mysqlAvailable();
defineDataRightsSuite('mariadb', () => available);
