/**
 * The layering of wealthrec, checked on every CI run (`npm run lint`); docs/architecture.md draws it.
 * src/ is the ground and the two contracts; the stages import only src/; workflows compose stages;
 * cli/, bench/ and test/ sit on top.
 */
const STAGES = '^(features|training|serving|import|synthetic)/';

module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'A cycle makes two modules one: split the shared part out.', from: {}, to: { circular: true } },
    {
      name: 'src-is-the-ground',
      severity: 'error',
      comment: 'src/ (the ground and the two contracts) imports nothing of the project outside src/.',
      from: { path: '^src/' },
      to: { path: '^(features|training|serving|import|synthetic|workflows|cli|bench|test)/' },
    },
    {
      name: 'stages-meet-only-through-src',
      severity: 'error',
      comment: 'A stage imports src/ and its own folder, never another stage: they meet through the wide table and the model directory.',
      from: { path: `${STAGES}` },
      to: { path: STAGES, pathNot: '^$1/' },
    },
    {
      name: 'stages-do-not-import-wiring',
      severity: 'error',
      comment: 'Stages know nothing of the workflows, the CLI, the benchmarks or the tests.',
      from: { path: STAGES },
      to: { path: '^(workflows|cli|bench|test)/' },
    },
    {
      name: 'workflows-only-from-the-top',
      severity: 'error',
      comment: 'Only the CLI, bench/ and the tests (and workflows themselves) call the workflows.',
      from: { pathNot: '^(workflows|cli|bench|test)/' },
      to: { path: '^workflows/' },
    },
    {
      name: 'workflows-do-not-import-cli',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(cli|bench|test)/' },
    },
    {
      name: 'nothing-imports-bench-or-cli',
      severity: 'error',
      comment: 'bench/ and cli/ are entry points; the tests may reach into them.',
      from: { pathNot: '^(bench|cli|test)/' },
      to: { path: '^(bench|cli)/' },
    },
    {
      name: 'serving-process-loads-no-training',
      severity: 'error',
      comment:
        'What `wealthrec serve` loads (its command and serving/) reaches no training or workflow module; the feature stage computes the rows its snapshot lacks.',
      from: { path: '^(cli/commands/serve|serving/start-server)\\.ts$' },
      to: { path: '^(training|workflows|synthetic|import)/', reachable: true },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.d.ts'] },
  },
};
