/**
 * The network architectures a model card may name, and their options: part of the model directory's
 * contract, so that serving can read any card. Training builds them (training/architectures.ts).
 *
 * - `mlp`: ReLU layers (the default, see DEFAULT_ARCHITECTURE).
 * - `logistic`: one dense unit, the linear baseline.
 * - `dcn`: DCN-V2 (Wang et al. 2021), cross layers beside an MLP.
 */
import { z } from 'zod';

export const ARCHITECTURES = ['mlp', 'dcn', 'logistic'] as const;
/**
 * The default, chosen by the ablation (BENCHMARKS.md, "Ranking quality against the oracle" and
 * "Training speed"): on the 100k-customer bank DCN-V2 scored as the MLP did at about twice the
 * training time, so the MLP serves and DCN-V2 stays in the ablation.
 */
export const DEFAULT_ARCHITECTURE: Architecture = 'mlp';
export type Architecture = (typeof ARCHITECTURES)[number];

export const architectureOptionsSchema = z.object({
  hidden: z.array(z.number().int().positive()).default([128, 64]),
  crossLayers: z.number().int().nonnegative().default(2),
  crossRank: z.number().int().positive().default(16),
  /** L2 penalty on dense kernels. */
  l2: z.number().nonnegative().default(1e-5),
});
export type ArchitectureOptions = z.infer<typeof architectureOptionsSchema>;

export const DEFAULT_ARCHITECTURE_OPTIONS: ArchitectureOptions = architectureOptionsSchema.parse({});
