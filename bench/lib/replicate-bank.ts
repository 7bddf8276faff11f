/**
 * A bank ten times larger, made from the 100k bank without generating one: the snapshot's record
 * batches written `copies` times with the k-th copy's customer ids suffixed `~k`, and the same
 * copies of the customers and their purchases in a copy of the database. Same rows per customer,
 * `copies` times the customers: what the serving and campaign benchmarks measure memory and time on.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { makeData, RecordBatch, Struct, Utf8, vectorFromArray, type Data } from 'apache-arrow';
import { openDatabase } from '../../src/db/index.js';
import { openRecordBatchFile } from '../../src/wide-table/arrow-writer.js';
import { readWideTableBatches, readWideTableHeader } from '../../src/wide-table/index.js';

/** Each record batch written `copies` times, the k-th copy's customer ids suffixed with `~k`. */
export async function replicateSnapshot(from: string, to: string, copies: number): Promise<void> {
  const { schema } = await readWideTableHeader(from);
  const out = await openRecordBatchFile(to, schema);
  try {
    for (let k = 0; k < copies; k++) {
      for await (const batch of readWideTableBatches(from)) {
        const ids = [...batch.getChild('customer_id')!].map((id) => `${id}~${k}`);
        const children: Data[] = [...batch.data.children];
        children[0] = vectorFromArray(ids, new Utf8()).data[0];
        await out.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.numRows, nullCount: 0, children })));
      }
    }
    await out.close();
  } catch (err) {
    await out.abort();
    throw err;
  }
}

/** A copy of a SQLite bank whose customers and purchases hold `copies` suffixed copies each (the ids of replicateSnapshot). */
export async function replicateDatabase(from: string, to: string, copies: number): Promise<void> {
  rmSync(to, { force: true });
  copyFileSync(from, to);
  const { knex } = openDatabase(`sqlite:${to}`);
  try {
    await knex.transaction(async (trx) => {
      const customerColumns = 'gender, birth_day, open_day, risk_level, city, import_run_id';
      const purchaseColumns = 'product_id, purchase_day, purchase_second, amount_fen, channel, import_run_id';
      for (let k = 1; k < copies; k++) {
        await trx.raw(
          `insert into customers (customer_id, ${customerColumns}) select customer_id || '~${k}', ${customerColumns} from customers where customer_id not like '%~%'`,
        );
        await trx.raw(
          `insert into purchases (purchase_key, customer_id, ${purchaseColumns}) select purchase_key || '~${k}', customer_id || '~${k}', ${purchaseColumns} from purchases where customer_id not like '%~%'`,
        );
      }
      // The first copy is the bank itself, renamed so that every snapshot id exists.
      await trx.raw("update purchases set customer_id = customer_id || '~0', purchase_key = purchase_key || '~0' where customer_id not like '%~%'");
      await trx.raw("update customers set customer_id = customer_id || '~0' where customer_id not like '%~%'");
    });
  } finally {
    await knex.destroy();
  }
}
