import { it } from 'vitest';
import { selectBackend } from '../src/tf-backend/select-backend.js';
import { DEFAULT_FIT_OPTIONS } from '../training/fit-model.js';
import { trainForServing } from '../training/train-for-serving.js';
import { syntheticSamples } from './training/synthetic-samples.js';

it('writes', async () => {
  const backend = await selectBackend('wasm');
  const samples = syntheticSamples({ days: 12, occasionsPerDay: 10 });
  for (const architecture of ['logistic', 'mlp'] as const) {
    const contents = await trainForServing(samples, {
      architecture,
      seed: 3,
      fit: { ...DEFAULT_FIT_OPTIONS, maxEpochs: 4 },
      validationDays: 2,
      backend,
      samplesFile: 'memory.arrow',
    });
    console.log('VERSION', contents.card.version, contents.card.fit.bestValidLoss);
  }
}, 60000);
