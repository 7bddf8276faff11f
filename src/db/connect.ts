/** Builds the knex connection from a database URL: `sqlite:PATH` (default) or `mysql://user:pass@host:port/db`. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { UsageError } from '../errors.js';

export const DEFAULT_DB_URL = 'sqlite:./data/wealthrec.db';

export type Dialect = 'sqlite' | 'mysql';

/** A parsed database URL; the password never appears in `display`. */
export interface DbTarget {
  dialect: Dialect;
  /** For logs and reports: the URL with any password masked. */
  display: string;
  config: Knex.Config;
}

/** The URL from `--db`, else WEALTHREC_DB, else the embedded default. */
export function resolveDbUrl(flag?: string): string {
  return flag ?? process.env.WEALTHREC_DB ?? DEFAULT_DB_URL;
}

export function parseDbUrl(url: string): DbTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new UsageError(`database URL "${url}" names no file: expected sqlite:PATH`);
    const filename = path === ':memory:' ? path : resolve(path);
    return {
      dialect: 'sqlite',
      display: `sqlite:${filename}`,
      config: {
        client: 'better-sqlite3',
        connection: { filename },
        useNullAsDefault: true,
        pool: {
          // WAL lets readers (the server) go on while an import writes; NORMAL sync is durable in WAL mode.
          afterCreate: (conn: { pragma(s: string): unknown }, done: (err: Error | null, conn: unknown) => void) => {
            // Larger pages make bulk imports cheaper (bench/import-throughput.ts); only applies to a new file.
            conn.pragma('page_size = 16384');
            conn.pragma('journal_mode = WAL');
            conn.pragma('synchronous = NORMAL');
            conn.pragma('busy_timeout = 5000');
            done(null, conn);
          },
        },
      },
    };
  }
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    let parsed: URL;
    try {
      parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
    } catch {
      throw new UsageError(`database URL "${maskPassword(url)}" is not a valid URL: expected mysql://user:pass@host:port/db`);
    }
    const database = parsed.pathname.replace(/^\//, '');
    if (!database) throw new UsageError(`database URL "${maskPassword(url)}" names no database: expected mysql://user:pass@host:port/db`);
    return {
      dialect: 'mysql',
      display: maskPassword(url),
      config: {
        client: 'mysql2',
        connection: {
          host: parsed.hostname,
          port: parsed.port ? Number(parsed.port) : 3306,
          user: decodeURIComponent(parsed.username),
          password: decodeURIComponent(parsed.password),
          database,
          charset: 'utf8mb4',
          // Day numbers and fen are integers: BIGINT fen stays below 2^53, so numbers are exact.
          supportBigNumbers: true,
          bigNumberStrings: false,
          connectTimeout: 5000,
          // Without FOUND_ROWS, an upsert that changes nothing counts 0 affected rows: imports report true changes.
          flags: ['-FOUND_ROWS'],
        },
        pool: { min: 0, max: 4 },
      },
    };
  }
  throw new UsageError(`unsupported database URL "${maskPassword(url)}": expected sqlite:PATH or mysql://user:pass@host:port/db`);
}

function maskPassword(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

export interface OpenOptions {
  /**
   * Refuse a SQLite file that does not exist instead of creating it (and its folder): every command
   * but those that create a bank (import, migrate, demo), so a mistyped path is an error, not an
   * empty bank.
   */
  mustExist?: boolean;
}

/** Opens the database, creating the SQLite file's folder on first use unless `mustExist`. */
export function openDatabase(url: string, options: OpenOptions = {}): { knex: Knex; target: DbTarget } {
  const target = parseDbUrl(url);
  if (target.dialect === 'sqlite') {
    const filename = (target.config.connection as { filename: string }).filename;
    if (filename !== ':memory:') {
      if (options.mustExist && !existsSync(filename)) {
        throw new UsageError(
          `database ${target.display} does not exist: create it with wealthrec import DIR --db ${target.display} (or wealthrec migrate), or pass the right --db`,
        );
      }
      mkdirSync(dirname(filename), { recursive: true });
    }
  }
  return { knex: knexFactory(target.config), target };
}

export function dialectOf(knex: Knex): Dialect {
  return knex.client.config.client === 'mysql2' ? 'mysql' : 'sqlite';
}
