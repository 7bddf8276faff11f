/** The import contract on MariaDB/MySQL (WEALTHREC_TEST_MYSQL_URL); CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineImportSuite } from './import-suite.js';
import { defineRunLivenessSuite } from './run-liveness-suite.js';

const available = await mysqlAvailable();
defineImportSuite('mariadb', () => available);
defineRunLivenessSuite('mariadb', () => available);
