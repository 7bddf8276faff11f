/**
 * The model directory: the one contract between training/ and serving/.
 *
 *   model.json, weights.bin   the network in TensorFlow.js's layers format (any backend loads it)
 *   preprocessing.json        how feature columns become the network's input
 *   features.json             the feature manifest the model was trained on
 *   card.json                 what, how, on what data, which backend
 *   known-answer.json         a few raw rows and the probabilities they must score
 *   metrics.json              the evaluation report's metrics, when one was run
 *   MANIFEST.sha256           `sha256sum -c` format, over every file above
 *
 * A directory is written under a temporary name and renamed whole, and read back only after every
 * hash matches and the known answer is reproduced: a corrupt or truncated model is refused with the
 * file and the reason, never half-loaded.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { FeatureSpec } from '../wide-table/feature-set.js';
import { WealthrecError } from '../errors.js';
import { featureSchemaHash } from '../wide-table/feature-schema-hash.js';
import { modelCardSchema, type ModelCard } from './model-card.js';
import { parsePreprocessing, type FeatureColumns } from './preprocessing.js';
import { ScoringModel } from './scoring-model.js';

export const MANIFEST_FILE = 'MANIFEST.sha256';
/** Largest difference allowed between the saved known answer and a fresh score (backends differ in rounding). */
export const KNOWN_ANSWER_TOLERANCE = 1e-4;

export class ModelDirectoryError extends WealthrecError {
  override readonly exitCode = 1;
  constructor(directory: string, problem: string) {
    super(`model ${directory}: ${problem}`);
  }
}

export interface ModelContents {
  scoring: ScoringModel;
  card: ModelCard;
  features: FeatureSpec[];
  knownAnswer: KnownAnswer;
  /** metrics.json content, when the model was evaluated. */
  metrics?: unknown;
}

export interface LoadedModel {
  directory: string;
  card: ModelCard;
  features: FeatureSpec[];
  scoring: ScoringModel;
  metrics: unknown;
}

const knownAnswerSchema = z.object({
  rows: z.array(z.object({ numbers: z.record(z.string(), z.number().nullable()), categories: z.record(z.string(), z.string().nullable()) })).min(1),
  probabilities: z.array(z.number()),
});
export type KnownAnswer = z.infer<typeof knownAnswerSchema>;

/** How many rows a known answer keeps: enough to catch a wrong weight, small enough to read. */
const KNOWN_ANSWER_ROWS = 8;

/** Up to 8 rows spread evenly over `rows` (the validation rows), for the known answer. */
export function knownAnswerRows(rows: ArrayLike<number>): number[] {
  const step = Math.max(1, Math.floor(rows.length / KNOWN_ANSWER_ROWS));
  return Array.from({ length: Math.min(KNOWN_ANSWER_ROWS, rows.length) }, (_, i) => rows[i * step]);
}

/** Records some rows of `data` and their scores, for the load-time check. NaN is stored as null. */
export function makeKnownAnswer(scoring: ScoringModel, data: FeatureColumns, rows: ArrayLike<number>): KnownAnswer {
  const picked = Array.from(rows);
  return {
    rows: picked.map((r) => ({
      numbers: Object.fromEntries([...data.numbers].map(([name, column]) => [name, Number.isFinite(column[r]) ? column[r] : null])),
      categories: Object.fromEntries([...data.categories].map(([name, column]) => [name, column[r]])),
    })),
    probabilities: Array.from(scoring.score(data, picked)),
  };
}

function knownAnswerColumns(answer: KnownAnswer): FeatureColumns {
  const numbers = new Map<string, Float32Array>();
  const categories = new Map<string, Array<string | null>>();
  for (const name of Object.keys(answer.rows[0].numbers))
    numbers.set(
      name,
      Float32Array.from(answer.rows, (r) => r.numbers[name] ?? NaN),
    );
  for (const name of Object.keys(answer.rows[0].categories))
    categories.set(
      name,
      answer.rows.map((r) => r.categories[name] ?? null),
    );
  return { numbers, categories };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Writes the model under `directory` (which must not exist yet), atomically. */
export async function writeModelDirectory(directory: string, contents: ModelContents): Promise<void> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await contents.scoring.network.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('TensorFlow.js returned no weights to save');
  const weights = Buffer.from(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const files = new Map<string, Buffer | string>([
    [
      'model.json',
      json({
        format: 'layers-model',
        generatedBy: 'wealthrec',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      }),
    ],
    ['weights.bin', weights],
    ['preprocessing.json', json(contents.scoring.preprocessing)],
    ['features.json', json(contents.features)],
    ['card.json', json(contents.card)],
    ['known-answer.json', json(contents.knownAnswer)],
  ]);
  if (contents.metrics !== undefined) files.set('metrics.json', json(contents.metrics));
  files.set(MANIFEST_FILE, [...files].map(([name, data]) => `${sha256(data)}  ${name}\n`).join(''));

  const staging = join(dirname(directory), `.${basename(directory)}.partial-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    for (const [name, data] of files) await writeFile(join(staging, name), data, { flush: true });
    await rename(staging, directory);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ModelDirectoryError(directory, 'already exists; a version is never overwritten');
    }
    throw err;
  }
}

/** Reads and verifies a model directory; throws ModelDirectoryError naming the file at fault. */
export async function readModelDirectory(directory: string): Promise<LoadedModel> {
  const files = await verifiedFiles(directory);
  const parse = <T>(name: string, read: (value: unknown) => T): T => {
    const text = files.get(name);
    if (text === undefined) throw new ModelDirectoryError(directory, `${name} is missing from ${MANIFEST_FILE}`);
    try {
      return read(JSON.parse(text.toString('utf8')));
    } catch (err) {
      throw new ModelDirectoryError(directory, `${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const card = parse('card.json', (v) => modelCardSchema.parse(v));
  const preprocessing = parse('preprocessing.json', (v) => parsePreprocessing(v, 'preprocessing.json'));
  const features = parse(
    'features.json',
    (v) => z.array(z.object({ name: z.string(), kind: z.enum(['number', 'category']), family: z.string(), description: z.string() })).parse(v) as FeatureSpec[],
  );
  const knownAnswer = parse('known-answer.json', (v) => knownAnswerSchema.parse(v));
  const topology = parse('model.json', (v) =>
    z.object({ modelTopology: z.record(z.string(), z.unknown()), weightsManifest: z.array(z.object({ weights: z.array(z.unknown()) })).length(1) }).parse(v),
  );
  if (featureSchemaHash(features) !== card.featureSchemaHash)
    throw new ModelDirectoryError(directory, 'features.json does not match the featureSchemaHash of card.json');

  const weights = files.get('weights.bin');
  if (!weights) throw new ModelDirectoryError(directory, `weights.bin is missing from ${MANIFEST_FILE}`);
  let network: tf.LayersModel;
  try {
    network = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: topology.modelTopology,
        weightSpecs: topology.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
  } catch (err) {
    throw new ModelDirectoryError(directory, `model.json / weights.bin do not load: ${err instanceof Error ? err.message : String(err)}`);
  }
  const scoring = new ScoringModel(network, preprocessing, card.output);
  const columns = knownAnswerColumns(knownAnswer);
  const fresh = scoring.score(
    columns,
    knownAnswer.rows.map((_, i) => i),
  );
  const worst = knownAnswer.probabilities.reduce((m, p, i) => Math.max(m, Math.abs(p - fresh[i])), 0);
  if (!(worst <= KNOWN_ANSWER_TOLERANCE)) {
    scoring.dispose();
    throw new ModelDirectoryError(
      directory,
      `known-answer check failed: a saved row scores ${worst} away from its recorded probability (allowed ${KNOWN_ANSWER_TOLERANCE})`,
    );
  }
  const metricsText = files.get('metrics.json');
  return { directory, card, features, scoring, metrics: metricsText ? JSON.parse(metricsText.toString('utf8')) : null };
}

/** Every file of the manifest, read and hash-checked; extra files are refused too. */
async function verifiedFiles(directory: string): Promise<Map<string, Buffer>> {
  let manifest: string;
  try {
    manifest = await readFile(join(directory, MANIFEST_FILE), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ModelDirectoryError(
      directory,
      code === 'ENOENT' ? `no ${MANIFEST_FILE}: not a wealthrec model directory, or not completely written` : `cannot read ${MANIFEST_FILE} (${code})`,
    );
  }
  const files = new Map<string, Buffer>();
  for (const [lineNumber, line] of manifest.split('\n').entries()) {
    if (line === '') continue;
    const match = /^([0-9a-f]{64}) {2}([A-Za-z0-9._-]+)$/.exec(line);
    if (!match) throw new ModelDirectoryError(directory, `${MANIFEST_FILE}:${lineNumber + 1}: expected "<sha256>  <file>"`);
    const [, expected, name] = match;
    let data: Buffer;
    try {
      data = await readFile(join(directory, name));
    } catch {
      throw new ModelDirectoryError(directory, `${name} is listed in ${MANIFEST_FILE} but cannot be read`);
    }
    if (sha256(data) !== expected)
      throw new ModelDirectoryError(directory, `${name} does not match its sha256 in ${MANIFEST_FILE} (corrupt or truncated: ${data.length} bytes)`);
    files.set(name, data);
  }
  const unlisted = (await readdir(directory)).filter((name) => name !== MANIFEST_FILE && !files.has(name));
  if (unlisted.length > 0) throw new ModelDirectoryError(directory, `files not in ${MANIFEST_FILE}: ${unlisted.join(', ')}`);
  return files;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 1)}\n`;
}
