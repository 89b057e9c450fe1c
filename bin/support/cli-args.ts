import { parseArgs } from 'node:util';

/**
 * The one argument parser every `bin/` script uses (node:util parseArgs underneath), so they all
 * behave alike: `--help`/`-h` prints usage and exits 0; an unknown option, a missing required one
 * or a bad value prints one line to stderr and exits 2, never a stack trace.
 */

interface OptionBase {
  /** One line for --help. */
  description: string;
  short?: string;
}
export interface StringOption extends OptionBase {
  type: 'string';
  /** Shown in --help, e.g. NUMBER. */
  value?: string;
  default?: string;
  required?: boolean;
}
export interface StringListOption extends OptionBase {
  type: 'string';
  multiple: true;
  value?: string;
}
export interface BooleanOption extends OptionBase {
  type: 'boolean';
}
export type CliOption = StringOption | StringListOption | BooleanOption;

export interface CliSpec<O extends Record<string, CliOption>> {
  /** How the user runs it, e.g. `npm run call --`. */
  command: string;
  /** What it does, one or two sentences. */
  summary: string;
  options: O;
  /** Environment variables it reads: [name, meaning]. */
  env?: readonly (readonly [string, string])[];
  examples?: readonly string[];
}

/** Declares a script's interface once (for parseCli, fail and the tests that read --help). */
export function defineCli<const O extends Record<string, CliOption>>(spec: CliSpec<O>): CliSpec<O> {
  return spec;
}

type ValueOf<T extends CliOption> = T extends StringListOption
  ? string[]
  : T extends BooleanOption
    ? boolean
    : T extends { required: true }
      ? string
      : T extends { default: string }
        ? string
        : string | undefined;

export type CliValues<O extends Record<string, CliOption>> = { [K in keyof O]: ValueOf<O[K]> };

/** Thrown by `fail()`; `parseCli` callers may also catch it to print and exit themselves. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The usage text `--help` prints. */
export function usage<O extends Record<string, CliOption>>(spec: CliSpec<O>): string {
  const rows = Object.entries(spec.options).map(([name, option]) => {
    const value = option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : '';
    const short = option.short ? `-${option.short}, ` : '';
    const flags = `${short}--${name}${value}`;
    const notes: string[] = [];
    if ('required' in option && option.required) notes.push('required');
    if ('multiple' in option && option.multiple) notes.push('repeatable');
    if ('default' in option && option.default !== undefined) notes.push(`default ${option.default}`);
    return [flags, `${option.description}${notes.length ? ` (${notes.join(', ')})` : ''}`];
  });
  rows.push(['-h, --help', 'print this help and exit']);
  const width = Math.max(...rows.map(([flags]) => flags!.length)) + 2;
  const lines = [`Usage: ${spec.command} [options]`, '', spec.summary, '', 'Options:'];
  for (const [flags, text] of rows) lines.push(`  ${flags!.padEnd(width)}${text}`);
  if (spec.env?.length) {
    const envWidth = Math.max(...spec.env.map(([name]) => name.length)) + 2;
    lines.push('', 'Environment:');
    for (const [name, text] of spec.env) lines.push(`  ${name.padEnd(envWidth)}${text}`);
  }
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const example of spec.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}

/** parseArgs' error codes, turned into a sentence without its advice about positionals. */
function describeParseError(error: Error & { code?: string }): string {
  const message = error.message.split('\n')[0] ?? error.message;
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = /'([^']+)'/.exec(message)?.[1];
      return name ? `unknown option '${name}'` : message;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const name = /'([^']+)'/.exec(message)?.[1];
      return name ? `unexpected argument '${name}'` : message;
    }
    default:
      return message.replace(/^Option '/, "option '").replace(/\.$/, '');
  }
}

/**
 * Parses `argv` against the spec. Exits the process on --help (0) and on a usage error (2) unless
 * `exit` is replaced (tests).
 */
export function parseCli<O extends Record<string, CliOption>>(
  spec: CliSpec<O>,
  argv: string[] = process.argv.slice(2),
  io: { out: (s: string) => void; err: (s: string) => void; exit: (code: number) => never } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    exit: (code) => process.exit(code),
  },
): CliValues<O> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = {
      type: option.type,
      ...('multiple' in option && option.multiple ? { multiple: true } : {}),
      ...(option.short ? { short: option.short } : {}),
    };
  }
  // --help wins over every other problem on the line, as in most tools.
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage(spec));
    return io.exit(0);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    return usageFailure(spec, describeParseError(error as Error), io);
  }
  const values: Record<string, unknown> = { ...parsed.values };
  for (const [name, option] of Object.entries(spec.options)) {
    if (values[name] === undefined) {
      if ('multiple' in option && option.multiple) values[name] = [];
      else if (option.type === 'boolean') values[name] = false;
      else if ('default' in option && option.default !== undefined) values[name] = option.default;
      else if ('required' in option && option.required) {
        return usageFailure(spec, `missing required option --${name}`, io);
      }
    }
  }
  delete values.help;
  return values as CliValues<O>;
}

function usageFailure(
  spec: { command: string },
  message: string,
  io: { err: (s: string) => void; exit: (code: number) => never },
): never {
  // `npm run call --` → "call: … (see npm run call -- --help)"
  const name = spec.command.replace(/^npm run /, '').replace(/ --$/, '');
  io.err(`${name}: ${message} (see ${spec.command} --help)\n`);
  return io.exit(2);
}

/** A usage problem found after parsing (e.g. a value out of range): one line, exit 2. */
export function fail(spec: { command: string }, message: string): never {
  return usageFailure(spec, message, {
    err: (s) => process.stderr.write(s),
    exit: (code) => process.exit(code),
  });
}

/** A whole number option (or environment fallback) checked for range; a bad one is a usage error. */
export function intValue(
  spec: { command: string },
  label: string,
  raw: string | undefined,
  fallback: number,
  min = 0,
): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) fail(spec, `${label} must be a whole number ≥ ${min}, got '${raw}'`);
  return n;
}
