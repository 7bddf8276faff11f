/** The import contract on the embedded SQLite database. */
import { defineImportSuite } from './import-suite.js';

defineImportSuite('sqlite', () => true);
