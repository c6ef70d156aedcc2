import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Context } from './context.js';
import { showControls } from '../core/text.js';

/** Colour as decided in the context (src/cli/color.ts: terminal, --no-color, FORCE_COLOR, NO_COLOR, TERM). */
export function paint(ctx: Context): ChalkInstance {
  return new Chalk({ level: ctx.color ? 1 : 0 });
}

export function table(ctx: Context, head: string[], rows: (string | number | null | undefined)[][]): string {
  const c = paint(ctx);
  const t = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [] },
    chars: ctx.color ? undefined : { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const r of rows) t.push(r.map((v) => (v === null || v === undefined ? '' : showControls(String(v)))));
  return t.toString();
}

/** A one-line progress report on a terminal's stderr; silent on a pipe. */
export function progress(ctx: Context, label: string) {
  if (!ctx.stderrIsTTY || ctx.json) return { update: (_f: number, _detail: string) => {}, done: () => {} };
  let last = 0;
  return {
    update(fraction: number, detail: string) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = 30;
      const filled = Math.round(Math.min(1, fraction) * width);
      ctx.errRaw(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${detail}   `);
    },
    done() {
      ctx.errRaw('\r\x1b[2K');
    },
  };
}

export const fmt = (n: number) => n.toLocaleString('en-US');
