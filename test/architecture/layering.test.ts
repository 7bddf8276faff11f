/**
 * The layering, asserted on the real module graph (dependency-cruiser, the tool `npm run lint` runs):
 * the serving process loads no training code, and no import crosses a layer.
 */
import { createRequire } from 'node:module';
import { cruise, type ICruiseOptions, type IForbiddenRuleType, type IModule } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as { forbidden: IForbiddenRuleType[]; options: ICruiseOptions };

async function graph(entries: string[], rules = false): Promise<{ modules: IModule[]; errors: number; violations: string[] }> {
  const { output } = await cruise(entries, {
    ...config.options,
    ...(rules ? { ruleSet: { forbidden: config.forbidden } } : {}),
    validate: rules,
  } as ICruiseOptions);
  if (typeof output === 'string') throw new Error('dependency-cruiser answered text, expected its JSON result');
  const violations = output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  return { modules: output.modules, errors: output.summary.error, violations };
}

/** Every module `entries` load when run, following static imports only (main.ts loads the one command it runs with import()). */
function loadedBy(modules: IModule[], entries: string[]): string[] {
  const bySource = new Map(modules.map((m) => [m.source, m]));
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const source = queue.pop()!;
    if (seen.has(source)) continue;
    seen.add(source);
    for (const d of bySource.get(source)?.dependencies ?? [])
      if (!d.dynamic && !d.coreModule && !d.resolved.startsWith('node_modules/')) queue.push(d.resolved);
  }
  return [...seen].sort();
}

describe('the module graph', () => {
  it('of the serving process (wealthrec serve) holds no training or workflow module, and does reach the model directory and the live row source', async () => {
    const { modules } = await graph(['cli']);
    const loaded = loadedBy(modules, ['cli/main.ts', 'cli/commands/serve.ts']);
    expect(loaded).toContain('serving/start-server.ts');
    expect(loaded).toContain('src/model-directory/scoring-model.ts');
    // The feature stage computes the rows the snapshot lacks today, with the batch build's code.
    expect(loaded).toContain('features/live-rows.ts');
    expect(loaded.filter((s) => /^(training|workflows|synthetic|import)\//.test(s))).toEqual([]);
    // The check can fail: the train command's graph does hold training modules.
    expect(loadedBy(modules, ['cli/commands/train.ts']).filter((s) => s.startsWith('training/')).length).toBeGreaterThan(10);
  });

  it('breaks no layering rule anywhere: stages import only src/, src/ only itself, no cycles', async () => {
    const { violations, errors } = await graph(['src', 'import', 'synthetic', 'features', 'training', 'serving', 'workflows', 'cli', 'bench', 'test'], true);
    expect(violations).toEqual([]);
    expect(errors).toBe(0);
  });
});
