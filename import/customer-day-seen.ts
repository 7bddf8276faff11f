/**
 * Remembers which (customer, day) pairs a file has already given, in memory that grows with the
 * number of customers and the days they span, not with the number of rows: one bit per day.
 */

interface Span {
  /** Day of bit 0; a multiple of 32. */
  first: number;
  bits: Uint32Array;
}

export class CustomerDaySeen {
  private readonly spans = new Map<number, Span>();

  /** Marks the pair; returns false when it had been marked before. */
  mark(customer: number, day: number): boolean {
    let span = this.spans.get(customer);
    if (!span) {
      span = { first: day - mod32(day), bits: new Uint32Array(2) };
      this.spans.set(customer, span);
    }
    if (day < span.first || day >= span.first + span.bits.length * 32) span = this.grow(customer, span, day);
    const offset = day - span.first;
    const word = offset >>> 5;
    const bit = 1 << (offset & 31);
    if (span.bits[word] & bit) return false;
    span.bits[word] |= bit;
    return true;
  }

  private grow(customer: number, span: Span, day: number): Span {
    const first = Math.min(span.first, day - mod32(day));
    const last = Math.max(span.first + span.bits.length * 32, day + 1);
    const words = Math.max(span.bits.length * 2, Math.ceil((last - first) / 32));
    const bits = new Uint32Array(words);
    bits.set(span.bits, (span.first - first) >>> 5);
    const grown = { first, bits };
    this.spans.set(customer, grown);
    return grown;
  }
}

function mod32(n: number): number {
  return ((n % 32) + 32) % 32;
}
