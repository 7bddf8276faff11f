/**
 * The lineage (`import_run_id`) of rows wealthrec writes into the bank's tables itself, such as the
 * contacts `campaign sent` records: no import run has id 0, so the change feed never takes it for one.
 */
export const WRITTEN_BY_WEALTHREC_RUN = 0;
