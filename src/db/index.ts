/** The database: connection, migrations. */
export * from './connect.js';
export * from './migrate.js';
