/** The import stage's public face. */
export { importBank, type ImportOptions, type ImportResult, type ImportProgress, type TableCounts } from './import-bank.js';
export { formatViolation, type Violation } from './violations.js';
