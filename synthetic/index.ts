/** The synthetic bank: demo, test and scale data in the SCHEMA.md format, with an oracle of the true probabilities. */

export { generateBank, DEFAULT_END_DATE, type GenerateOptions, type GenerateSummary } from './generate-bank.js';
export { Rng } from '../src/random.js';
export { audienceFromName, NEW_CUSTOMER_MARKERS, LOYAL_CUSTOMER_MARKERS, VIP_MARKER } from './product-names.js';
export { ORACLE_DAYS, ORACLE_FOLDER, DEMAND_COLUMNS, CHOICE_COLUMNS, BOUND_COLUMNS, DEFAULT_BOUND_DRAWS } from './oracle.js';
export { observeChoice, predictiveProbabilities } from './posterior-predictive.js';
