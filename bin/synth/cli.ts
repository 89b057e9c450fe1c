import { type ParseArgsConfig, parseArgs } from 'node:util';

/**
 * The learning-loop scripts' argument handling: `--help` prints the usage and exits 0; an unknown
 * option, a stray argument or a bad value prints one line and exits 2 (never a stack trace).
 */
export function cli<O extends NonNullable<ParseArgsConfig['options']>>(usage: string, options: O) {
  try {
    const { values } = parseArgs({
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if ((values as { help?: boolean }).help) {
      console.log(usage.trim());
      process.exit(0);
    }
    return values as ReturnType<typeof parseArgs<{ options: O; strict: true }>>['values'];
  } catch (error) {
    return usageError((error as Error).message);
  }
}

export function usageError(message: string): never {
  console.error(`error: ${message} (see --help)`);
  process.exit(2);
}
