import type { Translate } from '../i18n/index.js';
import type { CommitmentNotice, DrawNotice, Notice } from '../app/notice.js';
import type { Cell } from './csv-out.js';
import { columnsOf, type Paper } from './paper-out.js';
import { noticeFacts, noticeTitle, subjectRemark } from './notice-text.js';

/**
 * A notice as a CSV paper (for a publicity system or a spreadsheet). The commitment notice, a
 * document with no list of subjects, is two columns (项目, 内容); the draw notice is its list of
 * subjects, each row carrying the draw's facts (as every row of the drawn list carries the audit
 * head), so that any row taken alone still names the commitment, the seed and the anchor.
 */
const PAPERS: { [K in Notice['kind']]: (t: Translate, n: Extract<Notice, { kind: K }>, scope: string[]) => Paper } = {
  commitment: (t, n, scope) => commitmentPaper(t, n, scope),
  draw: (t, n) => drawPaper(t, n),
};

export function noticePaper(t: Translate, n: Notice, scope: string[]): Paper {
  return (PAPERS[n.kind] as (t: Translate, n: Notice, scope: string[]) => Paper)(t, n, scope);
}

function commitmentPaper(t: Translate, n: CommitmentNotice, scope: string[]): Paper {
  const rows: Cell[][] = [
    [t('paper.col.taskNumber'), n.task.number], [t('paper.col.taskName'), n.task.name],
    [t('notice.window'), `${n.task.windowStart} ~ ${n.task.windowEnd}`],
    ...noticeFacts(t, n).map((f) => [f.label, f.value]),
    ...n.departments.map((d) => [t('notice.departments'), t('notice.departmentValue', { name: d.name, code: d.code, n: d.teamSize })]),
    ...n.items.map((i) => [t('notice.items'), t('notice.itemValue', {
      department: i.department, code: `${i.code} v${i.version}`, project: [i.project, i.subitem].filter(Boolean).join(' '), content: i.content, basis: i.basis, method: i.method,
    })]),
    ...scope.map((s) => [t('notice.scope'), s]),
  ];
  return { sheet: noticeTitle(t, n), columns: columnsOf([t('notice.col.field'), t('notice.col.value')]), rows };
}

function drawPaper(t: Translate, n: DrawNotice): Paper {
  const names = new Map(n.departments.map((d) => [d.code, d.name]));
  const facts = noticeFacts(t, n);
  const header = [
    t('paper.col.seq'), t('paper.col.taskNumber'), t('paper.col.taskName'), t('notice.sheet'), t('paper.col.subjectName'), t('paper.col.creditCode'),
    t('paper.col.bodies'), t('paper.col.remarks'), ...facts.map((f) => f.label),
  ];
  // a row per sheet as it is read (writePaper writes them as they come)
  function* rows(): Generator<Cell[]> {
    let k = 0;
    for (const s of n.subjects) {
      yield [++k, n.task.number, n.task.name, s.sheet, s.name, s.key, s.departments.map((d) => names.get(d) ?? d).join('、'), subjectRemark(t, s), ...facts.map((f) => f.value)];
    }
  }
  return { sheet: noticeTitle(t, n), columns: columnsOf(header, { 0: 'number', 3: 'number' }), rows: rows() };
}
