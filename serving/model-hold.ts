/**
 * A scoring model shared by the served set's users (campaign exports, lists computed on request),
 * disposed when the set is swapped out and the last user lets go: never under a computation.
 */
import type { ScoringModel } from '../src/model-directory/scoring-model.js';

export class ModelHold {
  private holds = 0;
  private retired = false;
  private disposed = false;

  constructor(readonly scoring: ScoringModel) {}

  /** Holds the model until the returned function is called (calling it twice is harmless). */
  acquire(): () => void {
    if (this.disposed) throw new Error('a model was used after its set was disposed'); // a bug: a retired set hands out nothing
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.disposeWhenFree();
    };
  }

  /** Swapped out: the model goes once its users are done. */
  retire(): void {
    this.retired = true;
    this.disposeWhenFree();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private disposeWhenFree(): void {
    if (!this.retired || this.holds > 0 || this.disposed) return;
    this.disposed = true;
    this.scoring.dispose();
  }
}
