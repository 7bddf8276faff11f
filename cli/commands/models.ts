/** `wealthrec models list|promote`: the registry of trained models and its champion pointer. */
import type { Command } from 'commander';
import { listModels, modelsRoot, promote } from '../../src/model-directory/registry.js';

export function register(program: Command): void {
  const models = program.command('models').description('the model registry (models/<version>/) and the champion that serving follows');
  models
    .command('list')
    .description('every registered version with its cutoff, architecture and pooled metrics')
    .option('--models <dir>', 'registry folder (default: $WEALTHREC_MODELS or ./models)')
    .option('--json', 'machine-readable output')
    .action(async (o: { models?: string; json?: boolean }) => {
      const root = modelsRoot(o.models);
      const entries = await listModels(root);
      if (o.json) {
        console.log(
          JSON.stringify(
            entries.map((e) => ({ version: e.version, champion: e.champion, problem: e.problem, card: e.card })),
            null,
            1,
          ),
        );
        return;
      }
      if (entries.length === 0) {
        console.log(`no models in ${root} (wealthrec train registers one)`);
        return;
      }
      for (const e of entries) {
        const c = e.card;
        const facts = c
          ? `${c.architecture}, trained ${c.data.firstTrainDay}..${c.data.lastTrainDay}, ${c.backend.name}, created ${c.createdAt}`
          : `unreadable: ${e.problem}`;
        console.log(`${e.champion ? '*' : ' '} ${e.version}  ${facts}`);
      }
      console.log('(* = champion)');
    });
  models
    .command('promote')
    .description('verify a version (hashes, known answer) and make it the champion')
    .argument('<version>')
    .option('--models <dir>', 'registry folder (default: $WEALTHREC_MODELS or ./models)')
    .action(async (version: string, o: { models?: string }) => {
      const pointer = await promote(modelsRoot(o.models), version);
      console.log(`champion: ${pointer.version}${pointer.previous ? ` (was ${pointer.previous})` : ''}`);
    });
}
