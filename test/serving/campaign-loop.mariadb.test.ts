/** The campaign loop on MariaDB: the same suite; CI=true makes an absent server a failure. */
import { mysqlAvailable } from '../support/test-database.js';
import { defineCampaignLoopSuite } from './campaign-loop-suite.js';

const available = await mysqlAvailable();
defineCampaignLoopSuite('mariadb', () => available);
