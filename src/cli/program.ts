import { Argument, Command, Option, type HelpConfiguration, type OutputConfiguration } from 'commander';
import type { Translate } from '../i18n/index.js';
import type { CommandOutput } from './command.js';
import { ceremonyOption, rejectOption, valueArgument, valueOption } from './flags.js';

/**
 * The command tree. Only commander and the catalog are loaded here: each command's
 * module (and with it sqlite, csv and the prompts) is imported when that command runs.
 */
export type Runner = (modulePath: string, args: string[], opts: Record<string, any>) => Promise<CommandOutput>;

/**
 * What the entry (src/cli/entry.ts) decides for one run: where commander writes help and usage
 * errors and how it words and wraps them, and the version --version prints.
 */
export interface ProgramSettings { output: OutputConfiguration; help: HelpConfiguration; version: string }

export function buildProgram(t: Translate, runner: Runner, settings: ProgramSettings): Command {
  const program = new Command('draw');
  program
    .description(t('help.draw'))
    .addOption(new Option('--db <file>', t('opt.db')))
    .addOption(new Option('--journal <mode>', t('opt.journal')).choices(['wal', 'delete']))
    .addOption(new Option('--lang <lang>', t('opt.lang')).choices(['zh', 'en']))
    .option('--json', t('opt.json'))
    .option('--no-color', t('opt.noColor'))
    .option('--no-input', t('opt.noInput'))
    .option('--operator <name>', t('opt.operator'))
    .version(settings.version, '-V, --version', t('opt.version'))
    .helpOption('-h, --help', t('opt.help'))
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .addHelpText('after', t('example.draw'))
    // Set before any subcommand exists, so that every subcommand inherits them.
    .exitOverride()
    // The entry's writers (never the process's), commander's own texts in the user's language,
    // help wrapped by display width (src/cli/help/localize.ts).
    .configureOutput(settings.output)
    .configureHelp(settings.help);

  // Each leaf: description, example, and the module that runs it.
  const leaf = (parent: Command, spec: string, key: string, modulePath: string, opts: { isDefault?: boolean } = {}) => {
    const cmd = parent
      .command(spec, opts)
      .description(t(`help.${key}`))
      .helpOption('-h, --help', t('opt.help'))
      .addHelpText('after', t(`example.${key}`));
    cmd.action(async (...all: unknown[]) => {
      const command = all[all.length - 1] as Command;
      const args = all.slice(0, -2).flat().filter((a) => a !== undefined) as string[];
      await runner(modulePath, args, command.optsWithGlobals());
    });
    return cmd;
  };
  const group = (spec: string, key: string) =>
    program.command(spec).description(t(`help.${key}`)).helpOption('-h, --help', t('opt.help')).helpCommand(false)
      .addHelpText('after', t(`example.${key}`));

  leaf(program, 'init', 'init', './commands/init.js');

  leaf(program, 'demo', 'demo', './commands/demo.js').option('--dir <dir>', t('opt.demoDir'), 'draw-demo');

  leaf(program, 'import <kind> <file>', 'import', './commands/import.js')
    .addOption(new Option('--encoding <encoding>', t('opt.encoding')).choices(['auto', 'utf8', 'gb18030']).default('auto'))
    .option('--dry-run', t('opt.dryRun'))
    .option('--strict', t('opt.strict'))
    .option('--full', t('opt.full'))
    .option('--sheet <name>', t('opt.sheet'))
    .addOption(new Option('--rejects-format <format>', t('opt.rejectsFormat')).choices(['csv', 'xlsx']).default('csv'))
    .option('--yes', t('opt.yes'));

  leaf(program, 'list <kind>', 'list', './commands/list.js')
    .option('--status <status>', t('opt.status'))
    .option('--town <township>', t('opt.town'))
    .option('--type <type>', t('opt.type'))
    .option('--class <class>', t('opt.class'))
    .option('--grade <grade>', t('opt.grade'))
    .option('--abnormal', t('opt.abnormal'))
    .option('--department <code>', t('opt.department'))
    .option('--search <text>', t('opt.search'))
    .option('--all', t('opt.allRows'))
    .addOption(valueOption('--limit <n>', t('opt.limit'), 'count').default(50));

  leaf(program, 'show <kind> <id>', 'show', './commands/show.js');

  const code = group('code', 'code');
  leaf(code, 'check <code>', 'code.check', './commands/code-check.js');
  leaf(code, 'accept <code>', 'code.accept', './commands/code-accept.js')
    .requiredOption('--reason <text>', t('opt.reason'));

  const plan = group('plan', 'plan');
  leaf(plan, 'create', 'plan.create', './commands/plan.js', { isDefault: true })
    .addOption(valueOption('--year <year>', t('opt.year'), 'year'))
    .addOption(valueOption('--name <name>', t('opt.planName'), 'name'))
    .addOption(valueOption('--number <number>', t('opt.planNumber'), 'planNumber'))
    .option('--initiator <department>', t('opt.initiator'))
    .option('--departments <codes>', t('opt.departments'))
    .option('--items <codes>', t('opt.items'))
    .addOption(valueOption('--ratio <ratio>', t('opt.ratio'), 'ratio'))
    .addOption(valueOption('--ratio-by-grade <ratios>', t('opt.ratioByGrade'), 'gradeRatios'))
    .addOption(valueOption('--team-size <n>', t('opt.teamSize'), 'teamSizes'))
    .addOption(valueOption('--window <from..to>', t('opt.window'), 'window'))
    .option('--status <statuses>', t('opt.scopeStatus'))
    .option('--town <townships>', t('opt.scopeTown'))
    .option('--type <types>', t('opt.scopeType'))
    .option('--industry <prefixes>', t('opt.scopeIndustry'))
    .option('--authority <names>', t('opt.scopeAuthority'))
    .option('--unit <names>', t('opt.scopeUnit'));
  leaf(plan, 'list', 'plan.list', './commands/plan-list.js').addOption(valueOption('--year <year>', t('opt.year'), 'year'));
  leaf(plan, 'show <plan>', 'plan.show', './commands/plan-show.js');
  valueArgument(leaf(plan, 'file <year>', 'plan.file', './commands/plan-file.js'), 0, 'year');

  leaf(program, 'run <plan>', 'run', './commands/run.js')
    .addOption(valueOption('--seed <text>', t('opt.seed'), 'seed'))
    .option('--commit-only', t('opt.commitOnly'))
    .addOption(valueOption('--seed-source <text>', t('opt.seedSource'), 'utf8Text'))
    .addOption(ceremonyOption('--party <name[=sha256]>', t('opt.party'), 'party'))
    .addOption(ceremonyOption('--seed-part <name=value>', t('opt.seedPart'), 'seedPart'))
    .addOption(ceremonyOption('--witness <name[:role]>', t('opt.ceremonyWitness'), 'witness'));
  leaf(program, 'void <draw>', 'void', './commands/void.js')
    .requiredOption('--reason <text>', t('opt.reason'))
    .addOption(valueOption('--approved-by <name>', t('opt.approvedBy'), 'name').makeOptionMandatory())
    .option('--with-results', t('opt.withResults'));
  leaf(program, 'replay [draw]', 'replay', './commands/replay.js').option('--package <file>', t('opt.package'));

  const exp = group('export', 'export');
  leaf(exp, 'plan <plan>', 'export.plan', './commands/export-plan.js').requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'));
  leaf(exp, 'package <draw>', 'export.package', './commands/export-package.js').requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'));
  leaf(exp, 'sheets <draw>', 'export.sheets', './commands/export-sheets.js')
    .requiredOption('--out <dir>', t('opt.outDir'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--format <format>', t('opt.sheetFormat')).choices(['html', 'csv', 'xlsx']).default('html'))
    .option('--split <how>', t('opt.sheetSplit'));
  leaf(exp, 'disclosure [draw]', 'export.disclosure', './commands/export-disclosure.js')
    .addOption(valueOption('--year <year>', t('opt.year'), 'year'))
    .requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--encoding <encoding>', t('opt.outEncoding')).choices(['utf8', 'gb18030']).default('utf8'))
    .addOption(new Option('--format <format>', t('opt.paperFormat')).choices(['csv', 'xlsx']));
  leaf(exp, 'drawn <draw>', 'export.drawn', './commands/export-drawn.js')
    .requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--encoding <encoding>', t('opt.outEncoding')).choices(['utf8', 'gb18030']).default('utf8'))
    .addOption(new Option('--format <format>', t('opt.paperFormat')).choices(['csv', 'xlsx']));
  leaf(exp, 'replacements', 'export.replacements', './commands/export-replacements.js')
    .addOption(valueOption('--year <year>', t('opt.year'), 'year').makeOptionMandatory())
    .requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--format <format>', t('opt.replacementsFormat')).choices(['html', 'csv', 'xlsx']))
    .addOption(new Option('--encoding <encoding>', t('opt.outEncoding')).choices(['utf8', 'gb18030']).default('utf8'));
  // issue 13 — public notices (H2): a new kind is one more choice here and one entry in app/notice.ts; issue 11's `task` (H7) by its own parts
  leaf(exp, 'notice <ref>', 'export.notice', './commands/export-notice.js')
    .requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--kind <kind>', t('opt.noticeKind')).choices(['commitment', 'draw', 'task']))
    .addOption(new Option('--format <format>', t('opt.noticeFormat')).choices(['html', 'csv']))
    .addOption(new Option('--encoding <encoding>', t('opt.outEncoding')).choices(['utf8', 'gb18030']).default('utf8'));
  leaf(exp, 'items', 'export.items', './commands/export-items.js')
    .requiredOption('--out <file>', t('opt.out'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--encoding <encoding>', t('opt.outEncoding')).choices(['utf8', 'gb18030']).default('utf8'));

  leaf(program, 'confirm <draw>', 'confirm', './commands/confirm.js')
    .requiredOption('--department <code>', t('opt.department'))
    .addOption(rejectOption('--reject <sheet=reason>', t('opt.reject')))
    .option('--note <text>', t('opt.note'));
  leaf(program, 'replace <sheet>', 'replace', './commands/replace.js')
    .requiredOption('--inspector <certificate>', t('opt.inspector'))
    .requiredOption('--reason <text>', t('opt.reason'))
    .addOption(valueOption('--approved-by <name>', t('opt.approvedBy'), 'name').makeOptionMandatory())
    .addOption(valueOption('--filed-on <date>', t('opt.filedOn'), 'date'));
  leaf(program, 'assist <sheet>', 'assist', './commands/assist.js')
    .requiredOption('--department <code>', t('opt.department'))
    .addOption(valueOption('--name <name>', t('opt.specialistName'), 'name').makeOptionMandatory())
    .option('--certificate <certificate>', t('opt.specialistCertificate'));
  leaf(program, 'result <sheet>', 'result', './commands/result.js')
    .option('--department <code>', t('opt.resultDepartment'))
    .addOption(valueOption('--date <date>', t('opt.inspectedOn'), 'date').makeOptionMandatory())
    .requiredOption('--findings <findings>', t('opt.findings'))
    .requiredOption('--items <results>', t('opt.itemResults'))
    .option('--signed', t('opt.signed'))
    .option('--refused', t('opt.refused'))
    .option('--refusal-note <text>', t('opt.refusalNote'))
    .addOption(valueOption('--witness <name>', t('opt.witness'), 'name'))
    .option('--note <text>', t('opt.note'))
    .option('--late-reason <text>', t('opt.lateReason'));
  leaf(program, 'dispose <sheet>', 'dispose', './commands/dispose.js')
    .option('--department <code>', t('opt.disposeDepartment'))
    .requiredOption('--action <action>', t('opt.action'))
    .addOption(valueOption('--date <date>', t('opt.decidedOn'), 'date').makeOptionMandatory())
    .option('--complete', t('opt.complete'))
    .option('--note <text>', t('opt.note'));
  leaf(program, 'status', 'status', './commands/status.js')
    .addOption(valueOption('--year <year>', t('opt.year'), 'year'))
    .addOption(valueOption('--on <date>', t('opt.on'), 'date'))
    .option('--out <file>', t('opt.statusOut'))
    .option('--force', t('opt.force'))
    .addOption(new Option('--format <format>', t('opt.paperFormat')).choices(['csv', 'xlsx']));

  // issue 11 — the year's reports
  const report = group('report', 'report');
  for (const [name, file] of [['performance', 'report-performance'], ['coverage', 'report-coverage']] as const) {
    leaf(report, name, `report.${name}`, `./commands/${file}.js`)
      .addOption(valueOption('--year <year>', t('opt.year'), 'year'))
      .option('--out <file>', t('opt.reportOut'))
      .option('--force', t('opt.force'));
  }

  const calendar = group('calendar', 'calendar');
  valueArgument(leaf(calendar, 'show [year]', 'calendar.show', './commands/calendar.js', { isDefault: true }), 0, 'year');
  valueArgument(leaf(calendar, 'due <date> <days>', 'calendar.due', './commands/calendar-due.js'), 0, 'date');
  leaf(program, 'config [key] [value]', 'config', './commands/config.js');

  const audit = group('audit', 'audit');
  leaf(audit, 'verify', 'audit.verify', './commands/audit.js')
    .option('--anchor <anchor>', t('opt.anchor'), (v: string, all: string[]) => [...all, v], [] as string[]);
  leaf(audit, 'log', 'audit.log', './commands/audit-log.js').addOption(valueOption('--draw <id>', t('opt.drawFilter'), 'count'));

  const db = group('db', 'db');
  leaf(db, 'backup <file>', 'db.backup', './commands/db-backup.js');
  leaf(db, 'journal', 'db.journal', './commands/db-journal.js')
    .addArgument(new Argument('[mode]', t('arg.journalMode')).choices(['wal', 'delete']));

  return program;
}
