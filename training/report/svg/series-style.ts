/**
 * How each scorer is drawn, decided once from the report's full scorer list so a scorer keeps its
 * colour in every chart and table, even in a chart that leaves other scorers out.
 */
import { candidateOf } from '../candidate.js';
import type { ScorerReport } from '../report-data.js';

export interface SeriesStyle {
  color: string;
  width: number;
  /** SVG stroke-dasharray, or none for a solid line. */
  dash?: string;
  /** Drawn last, so it sits on top of the others. */
  prominent: boolean;
}

const CANDIDATE: SeriesStyle = { color: '#1d4ed8', width: 3, prominent: true };
const ORACLE: SeriesStyle = { color: '#525252', width: 1.75, dash: '6 4', prominent: false };
// Distinct from the candidate's blue and from each other in common colour-vision deficiencies.
const OTHERS = ['#ea580c', '#16a34a', '#9333ea', '#db2777', '#0891b2', '#a16207', '#65a30d'];

export type SeriesStyles = ReadonlyMap<string, SeriesStyle>;

export function seriesStyles(scorers: readonly ScorerReport[]): SeriesStyles {
  const candidate = candidateOf(scorers);
  const styles = new Map<string, SeriesStyle>();
  let next = 0;
  for (const s of scorers) {
    if (styles.has(s.name)) continue;
    if (s === candidate) styles.set(s.name, CANDIDATE);
    else if (s.kind === 'oracle') styles.set(s.name, ORACLE);
    else styles.set(s.name, { color: OTHERS[next++ % OTHERS.length], width: 1.75, prominent: false });
  }
  return styles;
}

/** Scorers in drawing order: the prominent one last, so no other line hides it. */
export function drawingOrder<T extends { name: string }>(items: readonly T[], styles: SeriesStyles): T[] {
  return [...items].sort((a, b) => Number(styles.get(a.name)?.prominent ?? false) - Number(styles.get(b.name)?.prominent ?? false));
}

/** The stroke attributes of a style, for a line or a legend sample. */
export function strokeAttributes(style: SeriesStyle): string {
  return `stroke="${style.color}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} stroke-linejoin="round" stroke-linecap="round"`;
}
