/**
 * The segmentation (wealthrec segments build) in memory, for GET /v1/customers/{id}/profile and
 * readiness: each customer's segment by id, and how old the segmentation is in bank days. Loaded
 * whole: a customer id and a small integer each.
 */
import { parseDay, todayInBank, type DayNumber } from '../src/domain/dates.js';
import type { SegmentationModel } from '../src/segments/format.js';
import { readSegmentation } from '../src/segments/segmentation-file.js';

export interface SegmentAnswer {
  id: number;
  name: string;
  /** The day the segmentation describes, YYYY-MM-DD. */
  asOf: string;
  ageDays: number;
}

export interface SegmentationAge {
  asOf: string;
  /** Bank days from the segmentation's day to today. */
  ageDays: number;
  segments: number;
}

export class CustomerSegments {
  private constructor(
    readonly path: string,
    readonly model: SegmentationModel,
    private readonly segmentOf: Map<string, number>,
    private readonly today: () => DayNumber,
  ) {}

  static async load(path: string, today: () => DayNumber = () => todayInBank()): Promise<CustomerSegments> {
    const { model, customerIds, segments } = await readSegmentation(path);
    const segmentOf = new Map<string, number>();
    for (let i = 0; i < customerIds.length; i++) segmentOf.set(customerIds[i], segments[i]);
    return new CustomerSegments(path, model, segmentOf, today);
  }

  get customers(): number {
    return this.segmentOf.size;
  }

  /** Drops an erased customer. */
  forget(customerId: string): void {
    this.segmentOf.delete(customerId);
  }

  age(): SegmentationAge {
    return { asOf: this.model.asOf, ageDays: this.today() - (parseDay(this.model.asOf) ?? this.today()), segments: this.model.cards.length };
  }

  /** The customer's segment, or null for a customer the segmentation does not hold (opened since, or erased). */
  get(customerId: string): SegmentAnswer | null {
    const id = this.segmentOf.get(customerId);
    if (id === undefined) return null;
    return { id, name: this.model.cards[id].name, asOf: this.model.asOf, ageDays: this.age().ageDays };
  }

  /** The ids of the customers in a segment given by id or by name; null when no segment is called that. */
  members(segment: string): Set<string> | null {
    const card = this.model.cards.find((c) => String(c.id) === segment || c.name === segment);
    if (!card) return null;
    const ids = new Set<string>();
    for (const [customer, id] of this.segmentOf) if (id === card.id) ids.add(customer);
    return ids;
  }
}
