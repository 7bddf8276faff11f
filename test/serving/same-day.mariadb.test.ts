/** Same-day serving on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineSameDaySuite } from './same-day-suite.js';

const available = await mysqlAvailable();
defineSameDaySuite('mariadb', () => available);
