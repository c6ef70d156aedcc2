import type { Lang, Translate } from '../i18n/index.js';
import type { DrawCeremony, SeedPart, Witness } from '../core/ceremony.js';
import { anchorMeta } from './anchor-meta.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes a text for element content and for quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The fonts every paper asks for: the Windows office's SimSun first, then what a Mac or Linux machine has. */
export const PAPER_FONTS = '"SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif';

/**
 * A printable paper as one HTML document: its language, title, the audit head it was made at (an
 * anchor for `draw audit verify --anchor FILE`), its style and its body lines.
 */
export function paperPage(p: { lang: Lang; title: string; auditHead: { seq: number; hash: string }; css: string; body: readonly string[] }): string {
  const { head, tail } = paperFrame(p);
  return [head, ...p.body, tail].join('\n');
}

/**
 * The same document's text before and after its body, for a paper written as it is read (the
 * sheets of a large draw): head, then each body line followed by a newline, then tail.
 */
export function paperFrame(p: { lang: Lang; title: string; auditHead: { seq: number; hash: string }; css: string }): { head: string; tail: string } {
  const head = [
    '<!DOCTYPE html>',
    `<html lang="${p.lang === 'en' ? 'en' : 'zh-CN'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width">',
    // Nothing may be fetched or run: the file is opened from disk on an office computer.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${esc(p.title)}</title>`,
    anchorMeta(p.auditHead),
    `<style>${p.css}</style>`,
    '</head>',
    '<body>',
  ].join('\n');
  return { head, tail: ['</body>', '</html>', ''].join('\n') };
}

/**
 * Issue 13 — the ceremony on every paper of a draw (the sheets, the replacements list, the drawn
 * list and the sheets as CSV): when it was committed and drawn, the seed's declared source, its
 * parts and the witnesses, and, for a one-step draw, that the seed was not chosen after a
 * published commitment. One text for every paper, so that none can leave the warning out.
 */
export function ceremonyText(t: Translate, c: DrawCeremony): { line: string; warning: string | null } {
  const none = t('paper.ceremony.none');
  const record = c.record;
  const parts = record?.parts.length ? record.parts.map((p) => partText(t, p)).join('、') : none;
  const witnesses = record?.witnesses.length ? record.witnesses.map((w) => witnessText(t, w)).join('、') : none;
  const line = t('paper.ceremony.line', { committedAt: c.committedAt, drawnAt: c.drawnAt ?? '-', source: c.declaration?.source || none, parts, witnesses });
  return { line, warning: record?.oneStep ? t('paper.ceremony.oneStep') : null };
}

/** A seed part as every paper and notice words it: its name and value. */
export const partText = (t: Translate, p: SeedPart): string => t('ceremony.part', { ...p });

/** A witness as every paper and notice words them: the name, with the role when there is one. */
export const witnessText = (t: Translate, w: Witness): string => (w.role ? t('ceremony.witness', { ...w }) : w.name);

/** The same as one cell of a CSV or workbook row: the line, then the warning when there is one. */
export function ceremonyCell(t: Translate, c: DrawCeremony): string {
  const { line, warning } = ceremonyText(t, c);
  return warning ? `${warning}；${line}` : line;
}

/** The same as HTML: the warning first and bold, so that it is the first thing read. */
export function ceremonyHtml(t: Translate, c: DrawCeremony): string {
  const { line, warning } = ceremonyText(t, c);
  return `<div class="ceremony">${warning ? `<b>${esc(warning)}</b><br>` : ''}${esc(line)}</div>`;
}
