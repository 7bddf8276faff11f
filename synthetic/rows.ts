/** CSV lines of the bank's tables, in the column order of csvHeader(table), which outputs.ts checks once. */

// Rows with free text go through the shared RFC 4180 encoder; the hot rows hold only ids, dates and
// numbers, which never need quotes, and are built directly for speed.

import { formatYuan, type Fen } from '../src/domain/money.js';
import type { Calendar } from './calendar.js';
import { formatCsvRow } from '../src/csv/format-csv-row.js';
import type { CustomerProfile } from './customers.js';
import type { SynthProduct } from './product.js';

/** The columns each writer below emits, in order; must equal csvHeader(table). */
export const ROW_COLUMNS = {
  customers: ['customer_id', 'gender', 'birth_date', 'open_date', 'risk_level', 'city'],
  products: ['product_id', 'name', 'category', 'risk_level', 'expected_yield', 'term_days', 'principal_protected', 'min_amount', 'sale_start', 'sale_end'],
  purchases: ['purchase_id', 'customer_id', 'product_id', 'purchase_date', 'amount', 'channel'],
  deposits: ['customer_id', 'date', 'demand_balance', 'time_balance'],
  loans: ['customer_id', 'date', 'loan_balance'],
  salaries: ['customer_id', 'pay_date', 'amount'],
  contacts: ['customer_id', 'product_id', 'contacted_on', 'channel', 'responded'],
  opt_outs: ['customer_id', 'channel', 'opted_out_on'],
} as const;

export function customerRow(c: CustomerProfile, cal: Calendar): string {
  const birth = c.birthDay === null ? '' : cal.label(c.birthDay);
  return formatCsvRow([c.id, c.gender, birth, cal.label(c.openDay), c.riskLevel, c.city]);
}

export function productRow(p: SynthProduct, cal: Calendar): string {
  const yieldText = (p.yieldBp / 100).toFixed(2);
  const end = p.saleEnd === null ? '' : cal.label(p.saleEnd);
  return formatCsvRow([
    p.id,
    p.name,
    p.category,
    p.riskLevel,
    yieldText,
    p.termDays,
    p.principalProtected ? 1 : 0,
    formatYuan(p.minFen),
    cal.label(p.saleStart),
    end,
  ]);
}

/** `when` is a date label or a timestamp; `purchaseId` may be empty (SCHEMA.md allows it). */
export function purchaseRow(purchaseId: string, customerId: string, productId: string, when: string, amount: Fen, channel: string): string {
  return `${purchaseId},${customerId},${productId},${when},${formatYuan(amount)},${channel}\n`;
}

export function depositRow(customerId: string, date: string, demand: Fen, time: Fen): string {
  return `${customerId},${date},${formatYuan(demand)},${formatYuan(time)}\n`;
}

export function loanRow(customerId: string, date: string, balance: Fen): string {
  return `${customerId},${date},${formatYuan(balance)}\n`;
}

export function salaryRow(customerId: string, date: string, amount: Fen): string {
  return `${customerId},${date},${formatYuan(amount)}\n`;
}

export function contactRow(customerId: string, productId: string, date: string, channel: string, responded: boolean): string {
  return `${customerId},${productId},${date},${channel},${responded ? 1 : 0}\n`;
}

export function optOutRow(customerId: string, channel: string, date: string): string {
  return `${customerId},${channel},${date}\n`;
}
