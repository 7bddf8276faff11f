/**
 * The profile table (wealthrec profile build) in memory, for GET /v1/customers/{id}/profile: one
 * row per customer, found by id, answered as tags grouped as the case groups them. Loaded whole:
 * about 35 values a customer, a few hundred bytes each.
 */
import type { Table } from 'apache-arrow';
import { readProfileTable } from '../src/profile-table/reader.js';
import type { ProfileTableMeta } from '../src/profile-table/format.js';
import { PROFILE_TAGS, type TagGroup } from '../src/profile-table/profile-tags.js';

export interface ProfileAnswer {
  customerId: string;
  asOf: string;
  models: ProfileTableMeta['models'];
  tags: Record<TagGroup, Record<string, number | string | null>>;
}

export class CustomerProfiles {
  private constructor(
    readonly path: string,
    readonly meta: ProfileTableMeta,
    private readonly table: Table,
    private readonly rowOf: Map<string, number>,
  ) {}

  static async load(path: string): Promise<CustomerProfiles> {
    const { meta, table } = await readProfileTable(path);
    const ids = table.getChild('customer_id')!.toArray() as string[];
    const rowOf = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) rowOf.set(ids[i], i);
    return new CustomerProfiles(path, meta, table, rowOf);
  }

  /** Drops a customer (erased): their profile is no longer answered, before the table is rebuilt. */
  forget(customerId: string): void {
    this.rowOf.delete(customerId);
  }

  get customers(): number {
    return this.rowOf.size;
  }

  /** The customer's profile, or null for an id not in the table. Unknown numbers (NaN) are null. */
  get(customerId: string): ProfileAnswer | null {
    const row = this.rowOf.get(customerId);
    if (row === undefined) return null;
    const tags = {} as ProfileAnswer['tags'];
    for (const t of PROFILE_TAGS) {
      const value = this.table.getChild(t.name)!.get(row) as number | string | null;
      tags[t.group] ??= {};
      tags[t.group][t.name] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
    }
    return { customerId, asOf: this.meta.asOf, models: this.meta.models, tags };
  }
}
