/**
 * The `concert` program: flags are declared here (cheap), each command's work is imported
 * only when that command runs, so `concert --help` and `validate` never load Handlebars.
 */
import { Command, CommanderError, Option } from 'commander';
import { DOCUMENT_FORMATS } from '../core/render/formats.js';
import { VERSION } from '../core/version.js';
import { EXIT, UsageError, processIO, type CliIO } from './io.js';

export interface CommandRun {
  /** The initiative folder argument (resolved against io.cwd), if the command takes one. */
  dir: string;
  opts: Record<string, unknown>;
  io: CliIO;
}

type CommandModule = { run: (r: CommandRun) => Promise<number> };

const commands: Record<string, () => Promise<CommandModule>> = {
  validate: () => import('./commands/validate.js'),
  report: () => import('./commands/report.js'),
  agenda: () => import('./commands/agenda.js'),
  minutes: () => import('./commands/minutes.js'),
  'data-status': () => import('./commands/data-status.js'),
  'data-import': () => import('./commands/data-import.js'),
  'data-template': () => import('./commands/data-template.js'),
  export: () => import('./commands/export.js'),
  schema: () => import('./commands/schema.js'),
  init: () => import('./commands/init.js'),
  diff: () => import('./commands/diff.js'),
};

const todayOption = () => new Option('--today <date>', 'fix "today" (YYYY-MM-DD) for reproducible output; else SOURCE_DATE_EPOCH, else the clock');

function buildProgram(io: CliIO, setResult: (p: Promise<number>) => void): Command {
  const program = new Command('concert');
  program
    .description('Plain-file toolkit for collective impact initiatives: validate, merge data drops, report progress, prepare meetings.')
    .version(VERSION, '-V, --version')
    .option('-q, --quiet', 'print only errors')
    .option('--no-color', 'never colour output (also NO_COLOR)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride()
    .showHelpAfterError('(run concert --help for usage)');

  const action = (name: string) =>
    function (this: Command, ...args: unknown[]) {
      const cmd = args[args.length - 1] as Command;
      const dirArg = typeof args[0] === 'string' ? args[0] : '.';
      const opts = { ...program.opts(), ...cmd.opts() };
      setResult(commands[name]!().then((m) => m.run({ dir: dirArg, opts, io })));
    };

  program
    .command('validate')
    .description('check the initiative: YAML, schemas, references, data drops and coverage')
    .argument('[dir]', 'initiative folder', '.')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json', 'github', 'junit', 'sarif']).default('stylish'))
    .option('--strict', 'warnings fail the run too')
    .option('--no-data', 'skip data drops')
    .addOption(todayOption())
    .action(action('validate'));

  program
    .command('report')
    .description('render the progress report')
    .argument('[dir]', 'initiative folder', '.')
    .option('-p, --period <period>', 'report period (default: the latest period whose data is due)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DOCUMENT_FORMATS.report).default('md'))
    .option('-o, --out <path>', 'write to a file (atomically) instead of stdout')
    .option('-t, --template <file>', 'a Handlebars template to render instead of the built-in one')
    .addOption(todayOption())
    .action(action('report'));

  program
    .command('agenda')
    .description("the agenda of a meeting, from the initiative's state on its date")
    .argument('[dir]', 'initiative folder', '.')
    .option('-m, --meeting <id>', 'the meeting, by id')
    .option('--next', 'the first meeting dated on or after today')
    .option('--series <id>', 'with --next: the next meeting of this series')
    .addOption(new Option('-f, --format <format>', 'output format (ics: a calendar invitation)').choices(DOCUMENT_FORMATS.agenda).default('md'))
    .option('-o, --out <path>', 'write to a file (atomically) instead of stdout')
    .option('-t, --template <file>', 'a Handlebars template to render instead of the built-in one (md, html)')
    .addOption(todayOption())
    .action(action('agenda'));

  program
    .command('minutes')
    .description('the minutes of a meeting held: attendance, decisions, actions')
    .argument('[dir]', 'initiative folder', '.')
    .requiredOption('-m, --meeting <id>', 'the meeting, by id')
    .addOption(new Option('-f, --format <format>', 'output format').choices(DOCUMENT_FORMATS.minutes).default('md'))
    .option('-o, --out <path>', 'write to a file (atomically) instead of stdout')
    .option('-t, --template <file>', 'a Handlebars template to render instead of the built-in one (md, html)')
    .addOption(todayOption())
    .action(action('minutes'));

  const data = program.command('data').description("data drops: submission status, importing a partner's file, request forms");
  data
    .command('status')
    .description('per partner and indicator: expected vs received submissions, and how late')
    .argument('[dir]', 'initiative folder', '.')
    .option('-p, --period <period>', 'the period to check (default: the latest due)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addOption(todayOption())
    .action(action('data-status'));
  data
    .command('import')
    .description("turn a partner's own spreadsheet (.xlsx or CSV) into a checked data drop under data/<partner>/, with a receipt")
    .argument('<file>', "the partner's file: .xlsx, or CSV in any encoding or delimiter Concert reads")
    .argument('[dir]', 'initiative folder', '.')
    .requiredOption('--partner <id>', 'the partner the figures are from')
    .option('-p, --period <period>', 'the period of rows that name none (also names the file written)')
    .option('-m, --map <file>', 'a map (YAML) of the sheet: column names, labels, number style, unpivot')
    .option('--sheet <name>', 'the sheet to read (default: the first visible sheet)')
    .option('-o, --out <path>', 'the CSV to write, inside data/<partner>/ (default: data/<partner>/<period>-<file name>.csv)')
    .option('--dry-run', 'check and print the receipt; write nothing')
    .option('--force', 'replace an existing file with other contents')
    .addOption(new Option('-f, --format <format>', 'receipt format').choices(['text', 'json']).default('text'))
    .action((file: string, dir: string, _opts: unknown, cmd: Command) => {
      setResult(commands['data-import']!().then((m) => m.run({ dir, opts: { ...program.opts(), ...cmd.opts(), file }, io })));
    });
  data
    .command('template')
    .description("the request form to send a partner: its indicators, periods and groups filled in, the figures left empty")
    .argument('[dir]', 'initiative folder', '.')
    .requiredOption('--partner <id>', 'the partner the form is for')
    .option('-p, --period <period>', 'the period asked for (default: the latest due)')
    .addOption(new Option('-f, --format <format>', "csv or xlsx (default: xlsx when --out ends in .xlsx, else csv); xlsx needs --out").choices(['csv', 'xlsx']))
    .option('-o, --out <path>', 'write to a file (atomically) instead of stdout')
    .addOption(todayOption())
    .action(action('data-template'));

  program
    .command('export')
    .description('the merged, tidy dataset for BI tools')
    .argument('[dir]', 'initiative folder', '.')
    .addOption(new Option('-f, --format <format>', 'output format (parquet needs --out)').choices(['csv', 'json', 'parquet']).default('csv'))
    .option('-o, --out <file>', 'write to a file (atomically) instead of stdout')
    .option('--no-suppress', 'do not suppress small numbers (privacy.min_count)')
    .addOption(todayOption())
    .action(action('export'));

  program
    .command('diff')
    .description('what a change means, between two git revisions: entities, moved targets, revised data, statuses')
    .argument('[dir]', 'initiative folder', '.')
    .option('--from <ref>', 'the revision before (default: the merge-base of HEAD with the default branch)')
    .option('--to <ref>', 'the revision after (default: the working tree, with uncommitted changes)')
    .addOption(new Option('-f, --format <format>', 'output format (md: a pull-request comment)').choices(DOCUMENT_FORMATS.diff).default('md'))
    .option('-p, --period <period>', 'compare statuses at this period (default: the report period at --to)')
    .option('-o, --out <path>', 'write to a file (atomically) instead of stdout')
    .addOption(todayOption())
    .action(action('diff'));

  program
    .command('schema')
    .description('print the JSON Schemas, or write them to a folder')
    .option('-o, --out <dir>', 'write one file per schema into this folder')
    .action(action('schema'));

  program
    .command('init')
    .description('start a new initiative that validates at once')
    .argument('[dir]', 'folder to create (must be empty)', '.')
    .option('-n, --name <name>', 'the initiative name')
    .option('--example', 'copy the full Eastside Learns example instead')
    .addOption(todayOption())
    .action(action('init'));

  return program;
}

/** Run the CLI; returns the exit code (0 ok, 1 the initiative has errors, 2 usage or I/O). */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const code = await runProgram(argv, io);
  // SPEC 9: a closed pipe (`concert report … | head`) ends the run quietly, with the command's
  // own exit code; any other write error on stdout (a full disk) is one line and exit 2.
  const failure = await io.settle?.();
  if (failure && failure.code !== 'EPIPE') {
    const { describeIOError } = await import('./output.js');
    io.stderr(`concert: cannot write to stdout: ${describeIOError(failure)}\n`);
    return EXIT.usage;
  }
  return code;
}

async function runProgram(argv: string[], io: CliIO): Promise<number> {
  let result: Promise<number> | undefined;
  const program = buildProgram(io, (p) => (result = p));
  try {
    await program.parseAsync(argv, { from: 'user' });
    if (!result) {
      program.outputHelp();
      return EXIT.usage;
    }
    return await result;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; help shown for a missing command, and flag errors, exit 2.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr(`concert: ${err.message}\n`);
      return EXIT.usage;
    }
    // An I/O failure or a bug: say so in one line, never a stack trace (CONCERT_DEBUG shows it).
    const e = err as NodeJS.ErrnoException;
    io.stderr(`concert: ${e?.message ?? String(err)}\n`);
    if (io.env['CONCERT_DEBUG']) io.stderr(`${e?.stack ?? ''}\n`);
    return EXIT.usage;
  }
}
