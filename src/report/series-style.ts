/**
 * How each series is drawn, decided once from a report's full list so that a series keeps its
 * colour in every chart and table of the report, even in a chart that leaves others out.
 */

/** `main`: the model under evaluation, drawn widest and on top; `bound`: a reference such as the oracle or hindsight, dashed. */
export type SeriesRole = 'main' | 'bound' | 'other';

export interface SeriesStyle {
  color: string;
  width: number;
  /** Dash and gap lengths in pixels; [1, 0] is a solid line (vega needs an array for every series). */
  dash: readonly number[];
  /** Drawn last, so it sits on top of the others. */
  prominent: boolean;
}

export const SOLID: readonly number[] = [1, 0];
const MAIN: SeriesStyle = { color: '#1d4ed8', width: 3, dash: SOLID, prominent: true };
/** Bounds are grey and dashed; several (the oracle's full and reachable bounds) each get a dash and shade of their own. */
const BOUNDS: readonly SeriesStyle[] = [
  { color: '#525252', width: 1.75, dash: [6, 4], prominent: false },
  { color: '#737373', width: 1.75, dash: [2, 3], prominent: false },
  { color: '#404040', width: 1.75, dash: [10, 3, 2, 3], prominent: false },
];
// Distinct from the main blue and from each other in common colour-vision deficiencies.
const OTHERS = ['#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#a16207', '#65a30d'];

export type SeriesStyles = ReadonlyMap<string, SeriesStyle>;

/** One style per name, the first entry of a repeated name winning; only the first `main` is drawn as main. */
export function seriesStyles(series: Iterable<{ name: string; role: SeriesRole }>): SeriesStyles {
  const styles = new Map<string, SeriesStyle>();
  let mainTaken = false;
  let next = 0;
  let nextBound = 0;
  for (const s of series) {
    if (styles.has(s.name)) continue;
    if (s.role === 'main' && !mainTaken) {
      styles.set(s.name, MAIN);
      mainTaken = true;
    } else if (s.role === 'bound') styles.set(s.name, BOUNDS[nextBound++ % BOUNDS.length]);
    else styles.set(s.name, { color: OTHERS[next++ % OTHERS.length], width: 1.75, dash: SOLID, prominent: false });
  }
  return styles;
}

/** Items in drawing order: the prominent one last, so no other line hides it. */
export function drawingOrder<T extends { name: string }>(items: readonly T[], styles: SeriesStyles): T[] {
  return [...items].sort((a, b) => Number(styles.get(a.name)?.prominent ?? false) - Number(styles.get(b.name)?.prominent ?? false));
}
