/** What a saved network's output means (card.json `output`), and how scoring turns it into a prediction. */

/** log(1 + yuan) of 485 million yuan: no customer buys more in a period. The value network's output is log(1 + yuan) / VALUE_LOG_SCALE. */
export const VALUE_LOG_SCALE = 20;
