/**
 * The bank's tables as declared in shared/SCHEMA.md: the one place that names each CSV column,
 * its type, whether it is required, and the database column it lands in.
 */

export type FieldType =
  | 'id' // string up to ID_LENGTH characters, no surrounding whitespace
  | 'text' // free text up to the column's maxLength characters
  | 'date' // YYYY-MM-DD -> day number
  | 'date_or_timestamp' // YYYY-MM-DD[ HH:MM:SS] -> day number (+ second of day)
  | 'money' // yuan with <= 2 decimals -> integer fen
  | 'integer'
  | 'decimal' // a rate such as 3.85 (percent); not money
  | 'gender' // M, F or U
  | 'flag' // 0 or 1
  | 'risk'; // integer 1..5

export interface ColumnSpec {
  /** Exact, lower-case CSV header. */
  name: string;
  type: FieldType;
  required: boolean;
  /** Database column the value is stored in; names carry their unit (`_day`, `_fen`). */
  dbColumn: string;
  /** Inclusive bounds for integers. */
  min?: number;
  max?: number;
  /** Money that must be strictly positive (a purchase amount). */
  positive?: boolean;
  /** A planned date (a product's sale window) that may lie after the data's as-of date. */
  planned?: boolean;
  /** For a date_or_timestamp: the column holding the second of the day, when a time was given. */
  secondDbColumn?: string;
  /**
   * For a column stored as a string: the most characters it holds. Characters are Unicode code
   * points, as MariaDB counts them in a utf8mb4 varchar and SQLite's length() counts them (SQLite
   * itself would store any length: the import is what holds both engines to this limit). The
   * migrations size the varchar from it and the import refuses a longer cell. Changing a limit
   * needs a new migration that alters the column: 001 reads it, but only when it creates a database.
   */
  maxLength?: number;
}

export type TableName = 'customers' | 'products' | 'purchases' | 'deposits' | 'loans' | 'salaries' | 'contacts' | 'opt_outs';

export interface TableSpec {
  name: TableName;
  file: string;
  /** A missing required file is an error; a missing optional file means "no rows". */
  required: boolean;
  columns: ColumnSpec[];
  /**
   * How a row is identified across imports, so that re-importing updates instead of duplicating:
   * `id` a unique id column; `customer_day` one row per customer and date; `content` tables
   * without ids, keyed by a hash of the row's content and its occurrence within the file.
   */
  identity:
    | { kind: 'id'; column: string }
    | { kind: 'customer_day'; dayColumn: string }
    | { kind: 'customer_channel' }
    | { kind: 'content'; keyColumn: string; optionalIdColumn?: string };
}

/** Ids are strings of up to 64 characters (SCHEMA.md), in every table that names one. */
export const ID_LENGTH = 64;

/**
 * Width of the content keys (`purchase_key`, `salary_key`, `contact_key`): `id:` + an id, or `h:` +
 * 40 hex digits + `#n`. Built by the import, never read from a file, so never checked against a cell.
 */
export const CONTENT_KEY_LENGTH = 80;

/** An id column gets ID_LENGTH; a text column declares its own maxLength. */
const col = (name: string, type: FieldType, required: boolean, dbColumn: string = name, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  name,
  type,
  required,
  dbColumn,
  ...(type === 'id' ? { maxLength: ID_LENGTH } : {}),
  ...extra,
});

export const TABLES: readonly TableSpec[] = [
  {
    name: 'customers',
    file: 'customers.csv',
    required: true,
    identity: { kind: 'id', column: 'customer_id' },
    columns: [
      col('customer_id', 'id', true),
      col('gender', 'gender', false, 'gender', { maxLength: 1 }),
      col('birth_date', 'date', false, 'birth_day'),
      col('open_date', 'date', true, 'open_day'),
      col('risk_level', 'risk', false),
      col('city', 'text', false, 'city', { maxLength: 64 }),
    ],
  },
  {
    name: 'products',
    file: 'products.csv',
    required: true,
    identity: { kind: 'id', column: 'product_id' },
    columns: [
      col('product_id', 'id', true),
      col('name', 'text', true, 'name', { maxLength: 255 }),
      col('category', 'text', false, 'category', { maxLength: 32 }),
      col('risk_level', 'risk', true),
      col('expected_yield', 'decimal', false),
      col('term_days', 'integer', true, 'term_days', { min: 0, max: 36_500 }),
      col('principal_protected', 'flag', false),
      col('min_amount', 'money', true, 'min_amount_fen'),
      col('sale_start', 'date', true, 'sale_start_day', { planned: true }),
      col('sale_end', 'date', false, 'sale_end_day', { planned: true }),
    ],
  },
  {
    name: 'purchases',
    file: 'purchases.csv',
    required: true,
    identity: { kind: 'content', keyColumn: 'purchase_key', optionalIdColumn: 'purchase_id' },
    columns: [
      col('purchase_id', 'id', false),
      col('customer_id', 'id', true),
      col('product_id', 'id', true),
      col('purchase_date', 'date_or_timestamp', true, 'purchase_day', { secondDbColumn: 'purchase_second' }),
      col('amount', 'money', true, 'amount_fen', { positive: true }),
      col('channel', 'text', false, 'channel', { maxLength: 32 }),
    ],
  },
  {
    name: 'deposits',
    file: 'deposits.csv',
    required: true,
    identity: { kind: 'customer_day', dayColumn: 'date' },
    columns: [
      col('customer_id', 'id', true),
      col('date', 'date', true, 'day'),
      col('demand_balance', 'money', true, 'demand_balance_fen'),
      col('time_balance', 'money', false, 'time_balance_fen'),
    ],
  },
  {
    name: 'loans',
    file: 'loans.csv',
    required: false,
    identity: { kind: 'customer_day', dayColumn: 'date' },
    columns: [col('customer_id', 'id', true), col('date', 'date', true, 'day'), col('loan_balance', 'money', true, 'loan_balance_fen')],
  },
  {
    name: 'salaries',
    file: 'salaries.csv',
    required: false,
    identity: { kind: 'content', keyColumn: 'salary_key' },
    columns: [col('customer_id', 'id', true), col('pay_date', 'date', true, 'pay_day'), col('amount', 'money', true, 'amount_fen')],
  },
  {
    name: 'contacts',
    file: 'contacts.csv',
    required: false,
    identity: { kind: 'content', keyColumn: 'contact_key' },
    columns: [
      col('customer_id', 'id', true),
      col('product_id', 'id', false),
      col('contacted_on', 'date', true, 'contacted_day'),
      col('channel', 'text', true, 'channel', { maxLength: 32 }),
      col('responded', 'flag', true),
    ],
  },
  {
    name: 'opt_outs',
    file: 'opt_outs.csv',
    required: false,
    identity: { kind: 'customer_channel' },
    columns: [col('customer_id', 'id', true), col('channel', 'text', true, 'channel', { maxLength: 16 }), col('opted_out_on', 'date', true, 'opted_out_day')],
  },
];

/** CSV header line of a table, in declaration order. */
export function csvHeader(name: TableName): string[] {
  return TABLES.find((t) => t.name === name)!.columns.map((c) => c.name);
}

/**
 * The declared width of a string column, for the migrations: throws when the column is not declared
 * or declares no limit, so that no varchar is sized anywhere but here.
 */
export function maxLengthOf(table: TableName, dbColumn: string): number {
  const column = TABLES.find((t) => t.name === table)?.columns.find((c) => c.dbColumn === dbColumn);
  if (column?.maxLength === undefined) throw new Error(`${table}.${dbColumn}: expected a string column declared with a maxLength in src/bank/tables.ts`);
  return column.maxLength;
}

/** Channels an opt-out may name; `all` covers every channel. */
export const OPT_OUT_CHANNELS = ['sms', 'wechat', 'phone', 'all'] as const;
