/** The oracle: the true demand and choice probabilities of the last days, kept apart from the bank's tables for evaluating learners. */

import { HAZARD } from './hazard.js';
import { UTILITY } from './choice.js';

/** How many final window days get oracle rows. */
export const ORACLE_DAYS = 10;
export const ORACLE_FOLDER = 'oracle';

export const DEMAND_COLUMNS = ['customer_id', 'date', 'probability'] as const;
export const CHOICE_COLUMNS = ['customer_id', 'date', 'product_id', 'probability'] as const;
/** Appended to CHOICE_COLUMNS when the bounds are on (boundDraws > 0). */
export const BOUND_COLUMNS = ['bound_history', 'bound_no_history'] as const;
/**
 * Redraws of the hidden traits behind the bounds: the smallest M of 16, 64, 256, 1024 after which
 * the mean AUC and MRR against the actual choices move by less than 0.002 (docs/synthetic-bank.md).
 */
export const DEFAULT_BOUND_DRAWS = 64;

/** Demand probabilities carry 6 decimals; choice ones 9 so that an occasion still sums to 1 within 1e-6. */
export function demandOracleRow(customerId: string, date: string, probability: number): string {
  return `${customerId},${date},${probability.toFixed(6)}\n`;
}

export function choiceOracleRow(customerId: string, date: string, productId: string, probability: number, bounds?: readonly [number, number]): string {
  const extra = bounds ? `,${bounds[0].toFixed(9)},${bounds[1].toFixed(9)}` : '';
  return `${customerId},${date},${productId},${probability.toFixed(9)}${extra}\n`;
}

/** What generator.json says about the oracle files, for whoever evaluates a model against them. */
export function describeOracle(firstOracleDay: string, lastDay: string, boundDraws: number): object {
  return {
    folder: ORACLE_FOLDER,
    days: { from: firstOracleDay, to: lastDay },
    files: {
      'demand.csv': {
        columns: DEMAND_COLUMNS,
        meaning:
          'For every customer whose account exists on the date: the probability of a purchase occasion that day. ' +
          'It is a function of the state at the end of the previous day only (balances, inflows, maturities, salary, ' +
          'purchases, contacts, account age) plus a latent activity level; 0 on the opening day and when nothing the ' +
          'customer may buy is affordable.',
      },
      'choice.csv': {
        columns: boundDraws > 0 ? [...CHOICE_COLUMNS, ...BOUND_COLUMNS] : CHOICE_COLUMNS,
        meaning:
          'For every occasion (customer-date with a purchase): every product on sale that day which the eligibility ' +
          'rule (mayBuy) allows, with the probability that the customer chooses it; 0 when its min_amount exceeds the ' +
          'demand balance. The probabilities of one occasion sum to 1 and the bought product is among them. ' +
          'probability is the full oracle: it knows the hidden traits, which no model sees, so it is not reachable.',
        ...(boundDraws > 0 ? { bounds: describeBounds(boundDraws) } : {}),
      },
    },
    model: { hazardLogOdds: HAZARD, utility: UTILITY },
  };
}

function describeBounds(draws: number): object {
  return {
    draws,
    hiddenTraits:
      'segment (drawn given the age and risk level in customers.csv), taste, risk aversion, yield sensitivity, preferred term, ' +
      "and the age when birth_date is empty; each from the generator's own prior given the segment",
    bound_no_history:
      `The choice probability averaged over ${draws} redraws of the hidden traits: the best a model can do for a customer ` +
      'with no purchase, knowing the visible columns and the state.',
    bound_history:
      'The posterior predictive: the same draws, each weighted by its probability of every earlier choice of the customer ' +
      'in the window; equal to bound_no_history before the first purchase. The achievable bound given past choices.',
    defaultDraws:
      `${DEFAULT_BOUND_DRAWS}, measured on 100,000 customers x 200 days: from 16 to 64 draws the mean AUC and MRR of the bounds ` +
      'against the actual choices moved by up to 0.004, from 64 to 256 by at most 0.0018, from 256 to 1024 by at most 0.0007 ' +
      '(docs/synthetic-bank.md).',
    caveat:
      'The segment is drawn given age and risk level only, and the history weighs only which products were chosen: income, ' +
      'balances, purchase channels and how often the customer buys also say something about the segment, so a model could ' +
      'edge slightly past the bounds.',
    stream: 'The draws use their own random stream: the tables and the probability column are the same bytes with or without them.',
  };
}
