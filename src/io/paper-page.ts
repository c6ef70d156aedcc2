import type { Lang } from '../i18n/index.js';
import { anchorMeta } from './anchor-meta.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes a text for element content and for quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

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
