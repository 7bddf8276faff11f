/**
 * Early stopping with the best epoch's weights kept, shared by the classifier's and the value
 * model's training loops: an epoch counts as better when its validation loss drops by more than
 * 1e-5, and training stops after `patience` epochs without one.
 */
import type * as tf from '@tensorflow/tfjs';

export class BestEpoch {
  epoch = 0;
  loss = Infinity;
  private weights: tf.Tensor[] = [];

  constructor(private readonly patience: number) {}

  /** Records an epoch's validation loss (copying the weights when it is the best); true when training should stop. */
  observe(epoch: number, validLoss: number, model: tf.LayersModel): boolean {
    if (validLoss < this.loss - 1e-5) {
      for (const w of this.weights) w.dispose();
      this.epoch = epoch;
      this.loss = validLoss;
      this.weights = model.getWeights().map((w) => w.clone());
      return false;
    }
    return epoch - this.epoch >= this.patience;
  }

  /** Puts the best epoch's weights back into the model. */
  restore(model: tf.LayersModel): void {
    model.setWeights(this.weights);
  }

  dispose(): void {
    for (const w of this.weights) w.dispose();
  }
}
