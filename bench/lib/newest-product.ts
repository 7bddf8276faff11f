/** The product the campaign benchmarks export for: the newest on sale on `day` (ties by id, so reruns pick the same). */
import type { Knex } from 'knex';

export async function newestProductOnSale(knex: Knex, day: number): Promise<string> {
  const row = await knex('products')
    .first('product_id')
    .where('sale_start_day', '<=', day)
    .andWhere((q) => q.whereNull('sale_end_day').orWhere('sale_end_day', '>=', day))
    .orderBy([{ column: 'sale_start_day', order: 'desc' }, 'product_id']);
  if (!row) throw new Error(`no product is on sale on day ${day}`);
  return row.product_id as string;
}
