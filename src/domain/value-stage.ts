/**
 * The customer's value stage (case section 3.2): current value (yuan bought in the last 90 days)
 * against predicted value (the value model's forecast for the next 90 days), both on the log scale
 * the model is judged on, log(1 + yuan). More than STAGE_LOG_MARGIN apart (a factor of 2 in
 * 1 + yuan) is a change; anything closer is `stable`. A customer with no purchases who is forecast
 * to buy is `rising`; one who bought and is forecast not to is `declining` (流失阶段).
 */
export const VALUE_STAGES = ['rising', 'stable', 'declining'] as const;
export type ValueStage = (typeof VALUE_STAGES)[number];

/** ln 2: the predicted value must at least double, or halve, to count as a change. */
export const STAGE_LOG_MARGIN = Math.LN2;

export function valueStage(currentLogValue: number, predictedLogValue: number): ValueStage {
  const change = predictedLogValue - currentLogValue;
  if (change > STAGE_LOG_MARGIN) return 'rising';
  if (change < -STAGE_LOG_MARGIN) return 'declining';
  return 'stable';
}

/** The scale values are compared and evaluated on: log(1 + yuan). */
export const logValue = (yuan: number): number => Math.log1p(Math.max(0, yuan));
