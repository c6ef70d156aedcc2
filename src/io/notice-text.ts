import type { Translate } from '../i18n/index.js';
import type { Notice, NoticeSubject } from '../app/notice.js';
import { anchorText } from '../core/audit-anchor.js';
import { partText, witnessText } from './paper-page.js';

/**
 * The words of a notice that its HTML and its CSV share: the title, the facts (label and value,
 * in print order) and a drawn subject's remark. Times are printed in Beijing time with the
 * stored UTC moment beside it, which is what the log and the package hold.
 */
export type FactKind = 'text' | 'commitment' | 'resultHash' | 'seed' | 'snapshot';
export interface Fact { kind: FactKind; label: string; value: string }

export const noticeTitle = (t: Translate, n: Notice): string => t(`notice.title.${n.kind}`);

export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} (UTC+8; ${iso})`;
}

export function noticeFacts(t: Translate, n: Notice): Fact[] {
  const f = (label: string, value: string, kind: FactKind = 'text'): Fact => ({ kind, label, value });
  const decl = n.seedDeclaration;
  const out: Fact[] = [
    f(t('notice.draw'), String(n.draw)),
    f(t('notice.commitment'), n.commitment, 'commitment'),
    f(t('notice.committedAt'), beijingTime(n.committedAt)),
    f(t('notice.seedSource'), decl ? decl.source : n.kind === 'draw' && n.seedSource ? t('notice.seedSourceUndeclared', { how: t(`seedSource.${n.seedSource}`) }) : t('notice.seedSourceNone')),
  ];
  if (decl && decl.parties.length) {
    out.push(f(t('notice.parties'), decl.parties.map((p) => (p.sha256 ? t('notice.partyCommitted', { name: p.name, sha256: p.sha256 }) : p.name)).join('；')));
  }
  if (n.kind === 'draw') {
    const c = n.ceremony;
    out.push(f(t('notice.seed'), n.seed, 'seed'));
    if (c && c.parts.length) out.push(f(t('notice.parts'), c.parts.map((p) => partText(t, p)).join('；'), 'seed'));
    out.push(f(t('notice.witnesses'), c ? (c.witnesses.length ? c.witnesses.map((w) => witnessText(t, w)).join('、') : t('notice.none')) : t('notice.notRecorded')));
    out.push(f(t('notice.drawnAt'), beijingTime(n.drawnAt)));
    out.push(f(t('notice.resultHash'), n.resultHash, 'resultHash'));
  }
  for (const k of ['subjects', 'inspectors', 'conflicts'] as const) {
    out.push(f(t(`snapshot.${k}`), t('notice.snapshotValue', { rows: n.snapshots[k].rows, sha256: n.snapshots[k].sha256 }), 'snapshot'));
  }
  out.push(f(t('paper.col.auditHead'), anchorText(n.auditHead), 'snapshot'));
  return out;
}

export function subjectRemark(t: Translate, s: NoticeSubject): string {
  return [
    s.cancelledBy !== null ? t('notice.cancelled', { seq: s.cancelledBy }) : '',
    s.substituteFor !== null ? t('paper.sheet.substituteFor', { for: s.substituteFor }) : '',
  ].filter(Boolean).join('；');
}
