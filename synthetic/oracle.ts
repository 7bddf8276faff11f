/** The oracle: the true demand and choice probabilities of the last days, kept apart from the bank's tables for evaluating learners. */

import { HAZARD } from './hazard.js';
import { UTILITY } from './choice.js';

/** How many final window days get oracle rows. */
export const ORACLE_DAYS = 10;
export const ORACLE_FOLDER = 'oracle';

export const DEMAND_COLUMNS = ['customer_id', 'date', 'probability'] as const;
export const CHOICE_COLUMNS = ['customer_id', 'date', 'product_id', 'probability'] as const;

/** Demand probabilities carry 6 decimals; choice ones 9 so that an occasion still sums to 1 within 1e-6. */
export function demandOracleRow(customerId: string, date: string, probability: number): string {
  return `${customerId},${date},${probability.toFixed(6)}\n`;
}

export function choiceOracleRow(customerId: string, date: string, productId: string, probability: number): string {
  return `${customerId},${date},${productId},${probability.toFixed(9)}\n`;
}

/** What generator.json says about the oracle files, for whoever evaluates a model against them. */
export function describeOracle(firstOracleDay: string, lastDay: string): object {
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
        columns: CHOICE_COLUMNS,
        meaning:
          'For every occasion (customer-date with a purchase): every product on sale that day which the eligibility ' +
          'rule (mayBuy) allows, with the probability that the customer chooses it; 0 when its min_amount exceeds the ' +
          'demand balance. The probabilities of one occasion sum to 1 and the bought product is among them.',
      },
    },
    model: { hazardLogOdds: HAZARD, utility: UTILITY },
  };
}
