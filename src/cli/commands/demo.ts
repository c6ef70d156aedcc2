import { copyFile, makeEmptyFolder } from '../../io/plain-files.js';
import { join, resolve } from 'node:path';
import type { CommandFn } from '../command.js';
import type { Context } from '../context.js';
import { DrawError, EXIT } from '../../errors.js';
import { closeDb, type Db } from '../../store/db.js';
import { auditHead } from '../../store/audit.js';
import { recordCreated } from '../../app/init.js';
import { appOf, openForCommand, withDb } from '../db.js';
import { sheetForEntry } from '../../store/entry-sheet.js';
import { findSheet } from '../../store/sheets.js';
import type { ImportReport } from '../../io/import-file.js';
import { importRegistry } from '../../app/import-registry.js';
import { countRecords, LIST_KINDS } from '../../store/queries.js';
import type { Kind } from '../../core/records.js';
import { fmt, paint, table } from '../render.js';
import { chinaDate } from '../../core/deadlines.js';
import { parseFlag } from '../flags.js';
import { parseRejection } from '../../core/rejection.js';
import type { CoverageReport } from '../../app/report-coverage.js';
import { itemsSummary, totalText } from '../../io/report-html.js';
import { partHash } from '../../core/ceremony.js';

/**
 * `draw demo`: the main job on the shipped fixtures, in a fresh folder, so a newcomer sees
 * what the tool does in one command: a database, every registry imported (the subjects from
 * the GB18030 registry export, then again from the pinyin dump), and a file of broken rows.
 */
const STEPS: [Kind, string][] = [
  ['departments', 'departments.csv'],
  ['items', 'items.csv'],
  ['inspectors', 'inspectors.csv'],
  ['subjects', 'subjects.csv'],
  ['subjects', 'subjects-pinyin.csv'],
  ['conflicts', 'conflicts.csv'],
];

interface DemoOptions { dir?: string }

export const run: CommandFn<DemoOptions> = async (_args, opts, ctx) => {
  const dir = resolve(opts.dir ?? 'draw-demo');
  if (!makeEmptyFolder(dir)) throw DrawError.of(EXIT.usage, 'demo.notEmpty', { dir }, 'demo.notEmptyHint');
  const fixtures = join(ctx.packageRoot, 'fixtures');
  const dbPath = join(dir, 'draw.db');
  if (!ctx.json) ctx.err(ctx.t('demo.building', { dir }));
  // The demo's own clock: the season takes days, so the demo lives three of them, ending today. Its
  // `now` is the real time moved back by whole days (a day later each time the demo turns the page),
  // so every record is dated on or before the real today and the app's own checks (an inspection not
  // after today, a confirmation on time or late) run as on any day. Only the demo has this clock; a
  // real draw has no flag that moves it. Near New Year the days stay inside this year (the plan's).
  const realToday = chinaDate(ctx.now().toISOString());
  const yearStart = Date.parse(`${realToday.slice(0, 4)}-01-01T00:00:00+08:00`);
  let daysBack = DEMO_DAYS - 1;
  const now = () => new Date(Math.max(ctx.now().getTime() - daysBack * DAY_MS, yearStart));
  const demoCtx: Context = { ...ctx, dbPath, now };
  const { db, journal } = openForCommand(demoCtx, dbPath, true);
  let registries: Registries;
  try {
    recordCreated(appOf(demoCtx, db), journal.stored);
    const imports: ImportReport[] = [];
    for (const [kind, file] of STEPS) imports.push(await importInto(db, demoCtx, kind, join(fixtures, file)));
    // The broken rows are copied next to the demo database so their rejects file lands there too.
    const broken = join(dir, 'subjects-broken.csv');
    copyFile(join(fixtures, 'broken', 'subjects-broken.csv'), broken);
    const brokenReport = await importInto(db, demoCtx, 'subjects', broken);
    const counts = Object.fromEntries(LIST_KINDS.map((k) => [k, countRecords(db, k, {})]));
    registries = { dir, db: dbPath, imports, broken: brokenReport, counts, auditHead: auditHead(db) };
  } finally {
    closeDb(db);
  }
  if (!ctx.json) render(registries, ctx);

  // The cycle goes on as a clerk would run it: a plan, its commitment, the draw with a public
  // seed, confirmations, results, status, the printed sheets, the disclosure, and the replays.
  const steps: Record<string, unknown> = {};
  // `brief`: what the demo prints of a long output instead of all of it (the file written holds the rest)
  const step = async (key: string, name: string, module: string, args: string[], options: Record<string, unknown>, brief?: (data: any) => string[]) => {
    if (!ctx.json) ctx.out(paint(ctx).bold(`\n$ draw ${name}`));
    const { run } = (await import(module)) as { run: CommandFn };
    const result = await run(args, options, demoCtx);
    if (!ctx.json) {
      if (brief) for (const line of brief(result.data)) demoCtx.out(line);
      else result.render?.(demoCtx);
    }
    if (result.exitCode) throw DrawError.of(EXIT.runtime, 'demo.stepFailed', { step: name });
    steps[key] = result.data;
  };
  const packagePath = join(dir, 'replay-package-1.json');
  let today = chinaDate(now().toISOString());
  const day = (n: number, key: string) => {
    if (n > 1) daysBack -= 1;
    today = chinaDate(now().toISOString());
    if (!ctx.json) ctx.out(paint(ctx).bold(`\n${ctx.t('demo.day', { n, date: today })}`) + ctx.t(key));
  };
  const year = today.slice(0, 4);
  const window = `${today}..${year}-12-31`;
  // The values go through the flags' own parsers, as commander would pass them.
  const plan = {
    ...DEMO_PLAN, year: parseFlag('year', '--year', year), name: `${year}年第一批“双随机、一公开”联合抽查`, window: parseFlag('window', '--window', window),
    ratio: parseFlag('ratio', '--ratio', DEMO_PLAN.ratio), ratioByGrade: parseFlag('gradeRatios', '--ratio-by-grade', DEMO_PLAN.ratioByGrade),
  };
  const planNumber = `${year}-001`;
  if (!ctx.json) ctx.out(ctx.t('demo.clock', { days: DEMO_DAYS, from: today, to: realToday }));
  day(1, 'demo.day1');
  await step('plan', `plan --year ${year} --name "${plan.name}" ${DEMO_PLAN_TEXT} --window ${window}`, './plan.js', [], plan);
  // The year's annual plan holds a second, directed task (individual businesses, 1%), and is filed
  // once the two reach the yearly floor (art. 14, 17): the 1% task alone would not need to.
  const second = { ...DEMO_TASK2, year: plan.year, name: `${year}年个体工商户定向抽查`, window: plan.window, ratio: parseFlag('ratio', '--ratio', DEMO_TASK2.ratio) };
  await step('plan2', `plan --year ${year} --name "${second.name}" ${DEMO_TASK2_TEXT} --window ${window}`, './plan.js', [], second);
  await step('planFile', `plan file ${year}`, './plan-file.js', [year], {});
  // The ceremony (issue 13): the commitment declares the seed's source, two named parties, one of
  // which publishes the hash of its part in advance; at the draw both give their parts before witnesses.
  if (!ctx.json) ctx.out(ctx.t('demo.ceremony'));
  const [office, commission] = DEMO_PARTS;
  const sealed = partHash(commission.value);
  const party = [{ name: office.name }, { name: commission.name, sha256: sealed }];
  await step('commit', `run ${planNumber} --commit-only --seed-source "${DEMO_SOURCE}" --party ${office.name} --party ${commission.name}=${sealed}`, './run.js', [planNumber],
    { commitOnly: true, seedSource: DEMO_SOURCE, party });
  // the commitment notice is published before any part of the seed is given: nobody can steer what it fixed
  const commitmentNotice = join(dir, 'notice-commitment-1.html');
  await step('commitmentNotice', `export notice 1 --out ${commitmentNotice}`, './export-notice.js', ['1'], { out: commitmentNotice, format: 'html' });
  const seedPart = DEMO_PARTS.map((p) => ({ ...p }));
  const witness = DEMO_WITNESSES.map((w) => ({ ...w }));
  await step('draw', `run ${planNumber} ${DEMO_PARTS.map((p) => `--seed-part ${p.name}=${p.value}`).join(' ')} ${DEMO_WITNESSES.map((w) => `--witness ${w.name}:${w.role}`).join(' ')}`,
    './run.js', [planNumber], { seedPart, witness });
  // the public draw notice (抽取公告): seed, parts, witnesses, digests and the drawn subjects, no grade
  const drawNotice = join(dir, 'notice-draw-1.html');
  await step('drawNotice', `export notice 1 --out ${drawNotice}`, './export-notice.js', ['1'], { out: drawNotice, format: 'html' });
  // At 比对和确认 (art. 17) SCJG finds nobody at sheet 3's registered address: the subject cannot be
  // inspected, so the sheet is cancelled and the next eligible subject of its stratum stands in.
  const rejectText = `${DEMO_REJECTED}=not_found:登记住所无此企业，电话无人接听`;
  const rejection = parseRejection(rejectText);
  if (!rejection.ok) throw DrawError.of(EXIT.runtime, 'demo.stepFailed', { step: rejectText });
  await step('confirmSCJG', `confirm 1 --department SCJG --reject ${rejectText}`, './confirm.js', ['1'], { department: 'SCJG', reject: [rejection.value] });
  // the others confirm after it, so the substitute is among their sheets already
  for (const department of ['STHJ', 'SWJ']) {
    await step(`confirm${department}`, `confirm 1 --department ${department}`, './confirm.js', ['1'], { department });
  }
  day(2, 'demo.day2');
  const inspectedOn = today;
  await step('confirmSCJGAgain', 'confirm 1 --department SCJG', './confirm.js', ['1'], { department: 'SCJG' });
  // Each department enters its own part (art. 6); the first entry of a sheet records the visit. The
  // finding and the items agree: a problem found and corrected has the item it was found in 不正常.
  await step('result1', `result 1/1 --department SCJG --date ${today} --findings 未发现问题 --items 正常 --signed`, './result.js', ['1/1'],
    { department: 'SCJG', date: today, findings: '未发现问题', items: '正常', signed: true });
  // SCJG's items that apply to sheet 2's subject, as the clerk reads them off the printed sheet
  const [first, ...rest] = await withDb(demoCtx, (db) => sheetForEntry(db, findSheet(db, '1/2')!).items.SCJG);
  const items = [`${first}=不正常`, ...rest.map((c) => `${c}=正常`)].join(',');
  await step('result2', `result 1/2 --department SCJG --date ${today} --findings 发现问题已责令改正 --items ${items} --refused --refusal-note 负责人拒绝签字 --witness 李四`,
    './result.js', ['1/2'], { department: 'SCJG', date: today, findings: '发现问题已责令改正', items, refused: true, refusalNote: '负责人拒绝签字', witness: '李四' });
  await step('dispose', `dispose 1/2 --department SCJG --action 责令改正 --date ${today} --complete`, './dispose.js', ['1/2'],
    { department: 'SCJG', action: '责令改正', date: today, complete: true });
  day(3, 'demo.day3');
  // SWJ inspected sheet 1 with SCJG the day before and enters its own part today (within its entry days)
  await step('result1SWJ', `result 1/1 --department SWJ --date ${inspectedOn} --findings 未发现问题 --items 正常`, './result.js', ['1/1'],
    { department: 'SWJ', date: inspectedOn, findings: '未发现问题', items: '正常' });
  await step('status', 'status', './status.js', [], { whole: true });
  const sheetsDir = join(dir, 'sheets');
  const disclosure = join(dir, 'disclosure-1.csv');
  await step('sheets', `export sheets 1 --out ${sheetsDir}`, './export-sheets.js', ['1'], { out: sheetsDir, format: 'html' });
  await step('disclosure', `export disclosure 1 --out ${disclosure}`, './export-disclosure.js', ['1'], { out: disclosure, encoding: 'utf8' });
  await step('replay', 'replay 1', './replay.js', ['1'], {});
  await step('package', `export package 1 --out ${packagePath}`, './export-package.js', ['1'], { out: packagePath });
  await step('replayPackage', `replay --package ${packagePath}`, './replay.js', [], { package: packagePath });
  // the printed sheets and the package are anchors: the log still holds the head each was made at
  const sheetsPaper = join(sheetsDir, 'sheets-1.html');
  await step('anchor', `audit verify --anchor ${sheetsPaper} --anchor ${drawNotice} --anchor ${packagePath}`, './audit.js', [], { anchor: [sheetsPaper, drawNotice, packagePath] });
  // the year as the leading group sees it (issue 11): each department's work, then the year's coverage in brief
  const reportOut = (key: string) => join(dir, `report-${key}-${year}.html`);
  await step('performance', `report performance --year ${year} --out ${reportOut('performance')}`, './report-performance.js', [], { year: Number(year), out: reportOut('performance') });
  await step('coverage', `report coverage --year ${year} --out ${reportOut('coverage')}`, './report-coverage.js', [], { year: Number(year), out: reportOut('coverage') },
    (r: CoverageReport & { file: { out: string } }) => [itemsSummary(ctx.t, r), totalText(ctx.t, r), ctx.t('report.written', { out: r.file.out })]);
  if (!ctx.json) ctx.out(ctx.t('demo.next', { db: dbPath }));
  return { data: { ...registries, steps } };
};

// The demo's plan is this year's, its window from today to the end of the year: a draw
// happens at the machine's time, so the deadlines it starts are real ones.
const DEMO_PLAN = { departments: 'SCJG,SWJ,STHJ', items: 'all', initiator: 'SCJG', ratio: '5%', ratioByGrade: 'A=3%,B=5%,C=10%,D=20%' };
const DEMO_TASK2 = { departments: 'SCJG', items: 'SCJG-01', initiator: 'SCJG', ratio: '1%', type: '个体工商户' };
const DEMO_TASK2_TEXT = '--departments SCJG --items SCJG-01 --initiator SCJG --ratio 1% --type 个体工商户';
const DEMO_PLAN_TEXT = '--departments SCJG,SWJ,STHJ --items all --initiator SCJG --ratio 5% --ratio-by-grade A=3%,B=5%,C=10%,D=20%';

function importInto(db: Db, ctx: Context, kind: Kind, file: string) {
  return importRegistry(appOf(ctx, db), { kind, file, encoding: 'auto', dryRun: false, strict: false, full: false, t: ctx.t, packageRoot: ctx.packageRoot });
}

const DEMO_DAYS = 3;
// The ceremony's declared source, its two parties' parts (the office rolls dice on the day; the
// discipline commission sealed its number and published its hash before) and the witnesses present.
const DEMO_SOURCE = '两方各给一个分量：县双随机办现场掷骰五位，县纪委监委事先封存五位数并公布其哈希';
const DEMO_PARTS = [{ name: '县双随机办', value: '41625' }, { name: '县纪委监委', value: '73915' }] as const;
const DEMO_WITNESSES = [{ name: '王五', role: '县纪委监委' }, { name: '赵六', role: '群众代表' }] as const;
const DAY_MS = 86_400_000;
const DEMO_REJECTED = 3;

interface Registries { dir: string; db: string; imports: ImportReport[]; broken: ImportReport; counts: Record<string, number>; auditHead: string }

function render(d: Registries, ctx: Context) {
  const { t } = ctx;
  ctx.out(table(ctx, [t('field.kind'), t('field.file_name'), t('field.total'), t('field.inserted'), t('field.updated'), t('field.unchanged'), t('field.rejected')],
    [...d.imports, d.broken].map((r) => [t(`kind.${r.kind}`), `${r.file.split(/[\\/]/).pop()} (${r.encoding})`, fmt(r.total), fmt(r.inserted), fmt(r.updated), fmt(r.unchanged), fmt(r.rejected)])));
  ctx.out(t('demo.brokenFile', { total: d.broken.total, rejected: d.broken.rejected, path: d.broken.rejectsFile }));
  ctx.out(t('demo.holds', { db: d.db }));
  ctx.out(table(ctx, Object.keys(d.counts).map((k) => t(`kind.${k}`)), [Object.values(d.counts).map(fmt)]));
  ctx.out(t('audit.head', { hash: d.auditHead }));
}
