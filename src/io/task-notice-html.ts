import type { Lang, Translate } from '../i18n/index.js';
import type { TaskNotice } from '../app/task-notice.js';
import { esc, paperPage } from './paper-page.js';
import { NOTICE_CSS } from './notice-css.js';
import { anchorText } from '../core/audit-anchor.js';

/**
 * The task notice (抽查任务公告) as one printable A4 HTML file: the task's facts, its items with
 * their basis, the audit head at the foot and in the page's head (an anchor). Every text from the
 * database goes through `esc`. `scope`: the task's scope as worded lines; `madeOn`: the day.
 */
export interface TaskNoticePaper { notice: TaskNotice; scope: string[]; annualPlan: string; madeOn: string }

export function taskNoticeHtml(t: Translate, lang: Lang, p: TaskNoticePaper): string {
  const n = p.notice;
  const title = t('taskNotice.title');
  const facts: [string, string][] = [
    [t('taskNotice.annualPlan'), p.annualPlan],
    [t('taskNotice.task'), `${n.task.number} ${n.task.name}`],
    [t('annual.col.type'), t(n.directed ? 'annual.directed' : 'annual.undirected')],
    [t('taskNotice.authority'), [`${n.initiator.name}（${t('taskNotice.initiator')}）`, ...n.departments.filter((d) => d.code !== n.initiator.code).map((d) => d.name)].join('、')],
    [t('taskNotice.scope'), p.scope.join('；')],
    [t('taskNotice.from'), n.task.windowStart], [t('taskNotice.to'), n.task.windowEnd],
    [t('taskNotice.count'), t('taskNotice.countOf', { n: n.expected })],
  ];
  return paperPage({ lang, title: `${title} ${n.task.number}`, auditHead: n.auditHead, css: NOTICE_CSS, body: [
    `<h1>${esc(title)}</h1>`,
    `<table class="facts">${facts.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`,
    `<h2>${esc(t('taskNotice.items'))}</h2>`,
    '<table><colgroup><col style="width:16%"><col style="width:11%"><col style="width:25%"><col style="width:32%"><col style="width:16%"></colgroup>',
    `<thead><tr>${[t('field.department'), t('field.code'), t('field.project'), t('field.basis'), t('field.method')].map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`,
    ...n.items.map((i) => `<tr>${[n.departments.find((d) => d.code === i.department)?.name ?? i.department, i.code, `${i.project}${i.subitem ? `／${i.subitem}` : ''}`, i.basis, i.method]
      .map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`),
    '</table>',
    `<p>${esc(t('taskNotice.note'))}</p>`,
    `<footer>${esc(t('taskNotice.footer', { on: p.madeOn, head: anchorText(n.auditHead) }))}</footer>`,
  ] });
}
