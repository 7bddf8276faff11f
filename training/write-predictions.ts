/** --predictions: every test row with its label and every scorer's score, so anyone can recompute every metric. */
import { openPartialFile } from '../src/files/partial-file.js';
import { formatCsvRow } from '../src/csv/format-csv-row.js';
import { formatDay } from '../src/domain/dates.js';
import type { Evaluation } from './evaluate.js';
import type { Samples } from './samples.js';

/** Columns: customer_id, product_id, date, label, score (the candidate), then one per other scorer. */
export async function writePredictions(path: string, samples: Samples, evaluation: Evaluation): Promise<number> {
  const [candidate, ...others] = evaluation.report.scorers.map((s) => s.name);
  const file = await openPartialFile(path);
  try {
    await file.write([
      formatCsvRow([
        'customer_id',
        'product_id',
        'date',
        'label',
        'score',
        ...others.map((name) => `score_${name.replace(/[^A-Za-z0-9]+/g, '_').replace(/_$/, '')}`),
      ]),
    ]);
    const columns = [candidate, ...others].map((name) => evaluation.scores.get(name)!);
    const { rows } = evaluation.test;
    const chunk: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      chunk.push(formatCsvRow([samples.customerIds[r], samples.productIds[r], formatDay(samples.asOf[r]), samples.labels[r], ...columns.map((c) => c[i])]));
      if (chunk.length === 4096) await file.write(chunk.splice(0));
    }
    await file.write(chunk);
    await file.commit();
    return rows.length;
  } catch (err) {
    await file.discard();
    throw err;
  }
}
