import { esc } from './paper-page.js';

/**
 * A horizontal bar chart as inline SVG for a printed report (no script, nothing fetched: the
 * paper's Content-Security-Policy allows neither). Each group is a row label with one bar per
 * series, bars scaled to `max`; an optional marker is a dashed line across every row (the yearly
 * floor). Every text goes through `esc`.
 */
export interface ChartGroup { label: string; values: { value: number; text: string }[] }
export interface Chart { title: string; series: string[]; groups: ChartGroup[]; max: number; marker?: { at: number; label: string } }

const COLORS = ['#2f5d8a', '#d08a2c', '#5b8f4e', '#8c4f8f'];
const W = 680;
const LABEL = 170;
const TEXT = 70;
const BAR = 11;
const GAP = 6;

export function barChart(c: Chart): string {
  const plot = W - LABEL - TEXT;
  const top = 22 + (c.series.length > 1 ? 16 : 0);
  const rowH = c.series.length * BAR + GAP;
  const height = top + Math.max(1, c.groups.length) * rowH + 18;
  const x = (v: number) => LABEL + (c.max > 0 ? Math.min(1, Math.max(0, v / c.max)) : 0) * plot;
  const out: string[] = [`<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="${esc(c.title)}">`];
  out.push(`<text x="0" y="14" font-size="12" font-weight="bold">${esc(c.title)}</text>`);
  if (c.series.length > 1) {
    c.series.forEach((s, k) => {
      const lx = LABEL + k * 150;
      out.push(`<rect x="${lx}" y="24" width="10" height="10" fill="${COLORS[k % COLORS.length]}"/><text x="${lx + 14}" y="33" font-size="10">${esc(s)}</text>`);
    });
  }
  c.groups.forEach((g, row) => {
    const y = top + row * rowH;
    out.push(`<text x="${LABEL - 6}" y="${y + (c.series.length * BAR) / 2 + 4}" font-size="10" text-anchor="end">${esc(g.label)}</text>`);
    g.values.forEach((v, k) => {
      const by = y + k * BAR;
      out.push(`<rect x="${LABEL}" y="${by}" width="${(x(v.value) - LABEL).toFixed(1)}" height="${BAR - 2}" fill="${COLORS[k % COLORS.length]}"/>`);
      out.push(`<text x="${(x(v.value) + 3).toFixed(1)}" y="${by + BAR - 3}" font-size="9">${esc(v.text)}</text>`);
    });
  });
  const bottom = top + c.groups.length * rowH;
  out.push(`<line x1="${LABEL}" y1="${top - 2}" x2="${LABEL}" y2="${bottom}" stroke="#000" stroke-width="0.8"/>`);
  if (c.marker) {
    const mx = x(c.marker.at).toFixed(1);
    out.push(`<line x1="${mx}" y1="${top - 2}" x2="${mx}" y2="${bottom}" stroke="#c00" stroke-width="1" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${mx}" y="${bottom + 12}" font-size="9" fill="#c00" text-anchor="middle">${esc(c.marker.label)}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}
