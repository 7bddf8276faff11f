/**
 * A card per segment, from the behaviour table and each customer's segment: size, median AUM, the
 * purchase rate within the horizon (null: not yet known), value stage mix, the preferred categories
 * and terms most common in it, the campaign response rate, and a short Chinese name made of the
 * 2-3 features whose segment median (as a percentile of the population) or share departs most from
 * the population's.
 */
import { BEHAVIOUR_FEATURES } from '../../src/segments/behaviour-features.js';
import type { Departure, SegmentCard } from '../../src/segments/format.js';
import type { BehaviourTable } from '../../features/segments/behaviour-table.js';

/** A departure smaller than this (percentile points, or share) does not name a segment. */
export const MIN_DEPARTURE = 0.1;
export const NAME_PARTS = 3;
/** The name of a segment nothing sets apart. */
export const PLAIN_NAME = '大众客群';
const TOP = 3;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Each known value's mid-rank percentile among the known values (ties share one); NaN where unknown. */
export function percentiles(column: Float32Array): Float64Array {
  const known = Array.from(column)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const out = new Float64Array(column.length).fill(NaN);
  const below = (x: number) => {
    let lo = 0;
    let hi = known.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (known[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  column.forEach((x, i) => {
    if (!Number.isFinite(x)) return;
    const lo = below(x);
    let hi = lo;
    while (hi < known.length && known[hi] === x) hi++;
    out[i] = (lo + (hi - lo) / 2) / known.length;
  });
  return out;
}

function shares(values: ReadonlyArray<string | null>, members: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const i of members) {
    const v = values[i];
    if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return new Map([...counts].map(([v, c]) => [v, members.length === 0 ? 0 : c / members.length]));
}

function topShares(values: ReadonlyArray<string | null>, members: readonly number[]): SegmentCard['topCategories'] {
  return [...shares(values, members)]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP)
    .map(([value, share]) => ({ value, share }));
}

/** Every feature's strongest departure for the segment, strongest first. */
export function departures(table: BehaviourTable, members: readonly number[], everyone: readonly number[]): Departure[] {
  const found: Departure[] = [];
  for (const f of BEHAVIOUR_FEATURES) {
    if (f.kind === 'number') {
      const column = table.columns.numbers.get(f.name);
      if (!column) continue;
      const p = percentiles(column);
      const known = members.map((i) => p[i]).filter(Number.isFinite);
      // A median of the few members who have the value (the buyers among customers who never bought) would name the segment by them.
      if (known.length * 2 < members.length) continue;
      const segment = median(known);
      const population = median(everyone.map((i) => p[i]).filter(Number.isFinite));
      if (segment === null || population === null || segment === population) continue;
      const high = segment > population;
      found.push({ feature: f.name, value: high ? 'high' : 'low', label: high ? f.high : f.low, segment, population });
    } else {
      const column = table.columns.categories.get(f.name);
      if (!column) continue;
      const population = shares(column, everyone);
      const segment = shares(column, members);
      // The value most over-represented: a name says what a segment is, not what it is not.
      let best: Departure | null = null;
      for (const [value, share] of segment) {
        const lift = share - (population.get(value) ?? 0);
        if (lift > 0 && (!best || lift > best.segment - best.population))
          best = { feature: f.name, value, label: f.labels[value] ?? value, segment: share, population: population.get(value) ?? 0 };
      }
      if (best) found.push(best);
    }
  }
  const size = (d: Departure) => Math.abs(d.segment - d.population);
  return found.sort((a, b) => size(b) - size(a) || (a.feature < b.feature ? -1 : 1));
}

/** The name: the labels of the strongest departures (distinct labels, at least MIN_DEPARTURE), joined by ·. */
export function segmentName(found: readonly Departure[]): string {
  const labels: string[] = [];
  for (const d of found) {
    if (Math.abs(d.segment - d.population) < MIN_DEPARTURE) break;
    if (!labels.includes(d.label)) labels.push(d.label);
    if (labels.length === NAME_PARTS) break;
  }
  return labels.length === 0 ? PLAIN_NAME : labels.join('·');
}

export function segmentCards(table: BehaviourTable, labels: Int32Array, k: number): SegmentCard[] {
  const n = table.customerIds.length;
  const everyone = Array.from({ length: n }, (_, i) => i);
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((g, i) => {
    members[g].push(i);
  });
  const stage = table.columns.categories.get('value_stage') ?? new Array(n).fill(null);
  const category = table.columns.categories.get('pref_category') ?? new Array(n).fill(null);
  const term = table.columns.categories.get('pref_term_bucket') ?? new Array(n).fill(null);
  const cards = members.map((m, id): SegmentCard => {
    let closed = 0;
    let answered = 0;
    let bought = 0;
    for (const i of m) {
      closed += table.contactsClosed[i];
      answered += table.contactsAnswered[i];
      bought += table.boughtWithin?.[i] ?? 0;
    }
    const staged = m.filter((i) => stage[i] !== null);
    const found = departures(table, m, everyone);
    return {
      id,
      name: segmentName(found),
      size: m.length,
      share: n === 0 ? 0 : m.length / n,
      medianAumYuan: median(m.map((i) => table.aumYuan[i]).filter(Number.isFinite)),
      purchaseRate: table.boughtWithin && m.length > 0 ? bought / m.length : null,
      responseRate: closed > 0 ? answered / closed : null,
      contacts: closed,
      valueStages: Object.fromEntries(shares(stage, staged)),
      topCategories: topShares(category, m),
      topTerms: topShares(term, m),
      departures: found.slice(0, 5),
    };
  });
  // Two segments with the same name are told apart by their id.
  const seen = new Map<string, number>();
  for (const c of cards) seen.set(c.name, (seen.get(c.name) ?? 0) + 1);
  for (const c of cards) if ((seen.get(c.name) ?? 0) > 1) c.name = `${c.name}(${c.id})`;
  return cards;
}
