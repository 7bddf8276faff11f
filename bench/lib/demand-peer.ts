/**
 * XGBoost as a peer of the demand evaluation: on each slice it trains on the same customer-days,
 * stops early on the same validation day, and scores the validation and test days, which the
 * evaluation then scores with its own metric code beside our models.
 */
import type { DemandPeer } from '../../training/demand/evaluate-demand.js';
import type { LabelledColumns } from '../../training/train-on-rows.js';
import { runXgboostPeer } from './xgboost-peer.js';

export const XGBOOST = 'XGBoost (peer)';

export function xgboostDemandPeer(columns: LabelledColumns, seed: number, workDir?: string): DemandPeer {
  return {
    name: XGBOOST,
    score: async (rows) => {
      // The validation day is scored as a second "test" set (for the threshold), so the script's
      // time-order check, which wants every test row after the validation rows, stays off here;
      // the evaluation's slices are time-ordered by construction (planCustomerDaySlices).
      const peer = runXgboostPeer(columns, { train: rows.train, valid: rows.valid, tests: [rows.valid, rows.test] }, { seed, workDir });
      return { valid: peer.scores[0], test: peer.scores[1], trainSeconds: peer.trainSeconds };
    },
  };
}
