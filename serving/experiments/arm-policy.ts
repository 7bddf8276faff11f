/**
 * What an experiment's arm serves: the champion of the moment, a registered model version, or a
 * baseline policy a bank would use without a model (the most bought products of the last 7 days,
 * or the highest expected yield), always among the products the customer may buy today.
 */
import { z } from 'zod';
import { UsageError } from '../../src/errors.js';

export const BASELINE_POLICIES = ['popularity', 'expert'] as const;
export type BaselinePolicy = (typeof BASELINE_POLICIES)[number];

export const armPolicySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('champion') }),
  z.object({ kind: z.literal('model'), version: z.string().min(1) }),
  z.object({ kind: z.literal('baseline'), policy: z.enum(BASELINE_POLICIES) }),
]);
export type ArmPolicy = z.infer<typeof armPolicySchema>;

export const ARM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const experimentArmSchema = z.object({
  arm: z.string().regex(ARM_NAME),
  weight: z.number().int().positive(),
  policy: armPolicySchema,
});
export type ExperimentArm = z.infer<typeof experimentArmSchema>;

/** The model version each answer of the policy names (a baseline names itself). */
export function policyLabel(policy: ArmPolicy): string {
  if (policy.kind === 'champion') return 'champion';
  if (policy.kind === 'model') return policy.version;
  return `baseline:${policy.policy}`;
}

/**
 * `champion=50,popularity=50` as arms: each `NAME=WEIGHT`, where NAME is `champion`, `popularity`,
 * `expert`, or a registered model version (`knownVersions`). Weights are positive integers, relative.
 */
export function parseArms(text: string, knownVersions: readonly string[]): ExperimentArm[] {
  const arms: ExperimentArm[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const m = /^([^=\s]+)=(\d+)$/.exec(part);
    if (!m) throw new UsageError(`--arms: "${part}" is not NAME=WEIGHT (e.g. champion=50,popularity=50)`);
    const [, name, weightText] = m;
    const weight = Number(weightText);
    if (!Number.isSafeInteger(weight) || weight <= 0) throw new UsageError(`--arms: the weight of "${name}" must be a positive integer`);
    if (!ARM_NAME.test(name)) throw new UsageError(`--arms: "${name}" is not a valid arm name (letters, digits, ".", "_", "-"; at most 64)`);
    if (arms.some((a) => a.arm === name)) throw new UsageError(`--arms: "${name}" is listed twice`);
    let policy: ArmPolicy;
    if (name === 'champion') policy = { kind: 'champion' };
    else if ((BASELINE_POLICIES as readonly string[]).includes(name)) policy = { kind: 'baseline', policy: name as BaselinePolicy };
    else if (knownVersions.includes(name)) policy = { kind: 'model', version: name };
    else
      throw new UsageError(
        `--arms: "${name}" is neither champion, ${BASELINE_POLICIES.join(', ')}, nor a registered model version${knownVersions.length ? ` (have: ${knownVersions.join(', ')})` : ''}`,
      );
    arms.push({ arm: name, weight, policy });
  }
  if (arms.length < 2) throw new UsageError('--arms: an experiment needs at least two arms');
  return arms;
}
