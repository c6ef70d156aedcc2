import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tmp } from './helpers.js';

/**
 * Printing a paper as a clerk prints it: headless Chromium to PDF, and the PDF's pages counted.
 * Chromium must be installed (`.ci/run` installs it); a test using this fails without it, it never skips.
 */

const CHROMIUM = '/usr/bin/chromium';

/** The HTML file printed to PDF by headless Chromium, without its own header and footer. */
export function printToPdf(html: string): Buffer {
  const dir = tmp('draw-print-');
  const pdf = join(dir, 'paper.pdf');
  const r = spawnSync(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${pdf}`, '--no-pdf-header-footer', pathToFileURL(html).href,
  ], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`${CHROMIUM} did not run (${r.error.message}); install it: apt-get install -y chromium`);
  if (r.status !== 0 || !existsSync(pdf)) throw new Error(`${CHROMIUM} exit ${r.status}: ${r.stderr}`);
  return readFileSync(pdf);
}

/**
 * The pages of a PDF, counted in its bytes: the page objects (`/Type /Page`, not `/Pages`), the
 * `/Count` of the page tree's root (the largest) and every page's MediaBox. Chromium writes them
 * uncompressed; should it ever compress them, the counts come out 0 and the test fails rather
 * than passing on nothing.
 */
export function pdfPages(pdf: Buffer): { objects: number; count: number; mediaBoxes: string[] } {
  const text = pdf.toString('latin1');
  const objects = (text.match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)].map((m) => Number(m[1] ?? m[2]));
  const mediaBoxes = [...text.matchAll(/\/MediaBox\s*\[([^\]]*)\]/g)].map((m) => m[1].trim().split(/\s+/).map((n) => Math.round(Number(n))).join(' '));
  return { objects, count: counts.length ? Math.max(...counts) : 0, mediaBoxes };
}
