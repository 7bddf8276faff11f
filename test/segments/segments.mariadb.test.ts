/** Segments on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineSegmentsSuite } from './segments-suite.js';

const available = await mysqlAvailable();
defineSegmentsSuite('mariadb', () => available);
