import type { zhPapers } from './zh-papers.js';
import type { Catalog } from './catalog.js';
/** Messages for the papers part of the catalog (en); merged into the one catalog by index.ts. */
export const enPapers = {
  // What the export commands say
  'papers.sheetsWritten': 'Joint inspection sheets written to {out} (draw {draw}, {sheets} sheets)',
  'papers.drawnWritten': 'Drawn list written to {out} (draw {draw}, {rows} rows, {encoding})',
  'papers.itemsWritten': 'Item list written to {out} ({rows} items, {encoding})',
  'papers.disclosureWritten': 'Disclosure written to {out} ({rows} rows, {encoding}, disclosure {disclosure})',
  'papers.disclosureEmpty': 'No results have been entered yet: the file has only its header',
  'papers.drawVoided': 'Draw {id} is voided ({reason}): it has no sheets and is never disclosed',
  'papers.drawNotDrawn': 'Draw {id} is only committed: it has no seed and no sheets yet',
  'papers.drawOrYear': 'Give one draw (its number or the plan number) or --year YEAR, not both',
  'papers.outNotDir': '--out {out} is not a folder: the sheets are written into the folder --out names',

  // Sheet names of the .xlsx papers
  'paper.sheetName.drawn': 'Drawn list',
  'paper.sheetName.sheets': 'Joint sheets',
  'paper.sheetName.disclosure': 'Result notice',
  'paper.sheetName.status': 'Status',
  'paper.sheetName.rejects': 'Rejected rows',

  // Columns of the papers
  'paper.col.seq': 'No.',
  'paper.col.planNumber': 'Plan number',
  'paper.col.planName': 'Plan name',
  'paper.col.taskNumber': 'Task number',
  'paper.col.taskName': 'Task name',
  'paper.col.checkType': 'Check type',
  'paper.col.bodies': 'Inspecting bodies',
  'paper.col.subjectName': 'Subject name',
  'paper.col.creditCode': 'Credit code / registration number',
  'paper.col.completedOn': 'Completed on',
  'paper.col.findings': 'Result',
  'paper.col.remarks': 'Remarks',
  'paper.col.draw': 'Draw',
  'paper.col.itemCode': 'Item code',
  'paper.col.itemOutcome': 'Item result',
  'paper.col.inspectors': 'Inspectors',
  'paper.col.specialists': 'Specialists',
  'paper.col.inspectedOn': 'Inspected on',
  'paper.col.signature': 'Signature',
  'paper.col.auditHead': 'Audit log head',
  'paper.col.random': 'Random checks',

  // Values written in the papers
  'paper.checkType.random': 'non-targeted',
  'paper.disposition': '{action} ({date}, {state})',
  'paper.complete': 'complete',
  'paper.incomplete': 'not complete',
  'paper.outcome.normal': 'normal',
  'paper.outcome.abnormal': 'abnormal',

  // The joint inspection sheet
  'paper.sheet.title': 'Joint inspection sheet',
  'paper.sheet.docTitle': 'Joint inspection sheets: plan {plan}, draw {draw}',
  'paper.sheet.plan': 'Plan',
  'paper.sheet.number': 'Sheet {draw}/{number}',
  'paper.sheet.team': 'Team (inspectors drawn at random)',
  'paper.sheet.specialists': 'Specialists (assisting, art. 9)',
  'paper.sheet.specialistCertificate': 'Certificate',
  'paper.sheet.signHere': 'Signature',
  'paper.sheet.none': 'none',
  'paper.sheet.subjectSign': 'Subject\'s signature (seal)',
  'paper.sheet.signed': 'signed',
  'paper.sheet.refused': 'refused to sign',
  'paper.sheet.refusal': 'Refusal to sign, as recorded',
  'paper.sheet.witness': 'Witness',
  'paper.sheet.date': 'Date',
  'paper.sheet.footer': 'Draw {draw}, sheet {number} of {total}; seed: {seed}; audit log head: {hash}',

  // A subject's history (draw show subject)
  'history.title': 'History ({n} sheets, newest first):',
  'history.none': 'History: never drawn',
  'history.sheet': 'Sheet {sheet} (of {sheets})  plan {plan} {name}  {status} {date}',
  'history.noResult': '  Result: not entered yet',
  'history.result': '  Result: {date} {findings}; {signature}; entered by {by} ({corrections} corrections)',
  'history.disposition': '  Disposition: {text}',
  'history.published': '  Published: disclosure {disclosure} ({date}, {file})',
  'history.publishedEarlier': '  Published before a correction: disclosure {disclosure} ({date}, {file})',
  'history.notPublished': '  Not published yet',
} as const satisfies Catalog<typeof zhPapers>;
