/** The database: connection, migrations. */
export * from './connect.js';
export * from './migrate.js';
export * from './change-feed.js';
export * from './rows-as-arrays.js';
export * from './database-file.js';
