// A borderless column layout (gh's style) that fits a width. Written here
// rather than with cli-table3: that library spent ~11 ms laying out a nine-row
// table on first call, a third of `status`'s whole start-up budget (`info`,
// which can afford it, uses cli-table3: render-info.ts).
import { displayWidth, truncateWidth } from './width';

/** How a table may give up room when it is wider than `width`. */
export interface Fit {
  width: number;
  /** The column whose cells (plain text) are cut with `…`, never below `min` columns. */
  shrink: number;
  min: number;
}

function layout(rows: readonly (readonly string[])[], widths: readonly number[], gap: number): string[] {
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(cell)) + gap))).join('').trimEnd());
}

/**
 * Lays rows out in columns two spaces apart; trailing space trimmed. With `fit`,
 * a table wider than fit.width first cuts the shrinkable column, then closes the
 * gaps to one space (still readable, and cheaper than cutting the other columns,
 * whose cells are short and all needed). A terminal narrower than that gets
 * the narrowest table there is; the terminal wraps it.
 */
export function columns(rows: readonly (readonly string[])[], fit?: Fit): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  if (fit === undefined) return layout(rows, widths, 2);
  const natural = widths[fit.shrink] ?? 0;
  let gap = 2;
  for (; gap >= 1; gap--) {
    const others = widths.reduce((sum, w, i) => sum + (i === fit.shrink ? 0 : w), 0) + gap * (widths.length - 1);
    widths[fit.shrink] = Math.min(natural, Math.max(fit.min, fit.width - others));
    if (others + (widths[fit.shrink] ?? 0) <= fit.width) break;
  }
  const cut = widths[fit.shrink] ?? 0;
  const fitted = cut < natural ? rows.map((r) => r.map((cell, i) => (i === fit.shrink ? truncateWidth(cell, cut) : cell))) : rows;
  return layout(fitted, widths, Math.max(gap, 1));
}
