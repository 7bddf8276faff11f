/** The campaign loop on SQLite. */
import { defineCampaignLoopSuite } from './campaign-loop-suite.js';

defineCampaignLoopSuite('sqlite', () => true);
