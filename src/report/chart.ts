/** A chart as the reports hold it: a vega-lite spec, the name a checker finds it by, and the title a screen reader announces. */
import type { TopLevelSpec } from 'vega-lite';

export interface Chart {
  /** Becomes the rendered SVG's data-chart attribute. */
  name: string;
  /** Becomes the SVG's <title>. */
  title: string;
  spec: TopLevelSpec;
}

/** One layer of a layered spec: reference guides, series, markers. */
export type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

/** Plot size shared by the reports' charts, in pixels, legend and axes excluded. */
export const PLOT_SIZE = 300;
