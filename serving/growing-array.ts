/** A typed array that grows by doubling, for columns whose length is known only once read. */

type TypedArray = Int8Array | Uint8Array | Int32Array | Float32Array;
type TypedArrayConstructor<T extends TypedArray> = { new (length: number): T };

export class GrowingArray<T extends TypedArray> {
  private data: T;
  private size = 0;

  constructor(
    private readonly Kind: TypedArrayConstructor<T>,
    capacity = 1024,
  ) {
    this.data = new Kind(capacity);
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new this.Kind(this.data.length * 2);
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  get length(): number {
    return this.size;
  }

  /** The values pushed so far, sharing memory with the array (copy it with slice() to keep it). */
  view(): T {
    return this.data.subarray(0, this.size) as T;
  }
}
