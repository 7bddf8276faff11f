/** The feature stage: builds the point-in-time wide tables (src/wide-table/) from the bank's database. */
export { buildWideTable, describeRange, type BuildOptions, type BuildSummary } from './build-wide-table.js';
export { ANY_PRODUCT, asOfDaysEvery, buildCustomerDayTable, type CustomerDayTableOptions, type CustomerDayTableSummary } from './build-customer-day-table.js';
