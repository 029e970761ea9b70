import { asCrmError, ConfigError } from '@crm-bridge/core';
import { CommanderError } from 'commander';
import { ZodError } from 'zod';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Io, processIo } from './io';
import { buildProgram } from './program';

/** Runs the crm-bridge command line and returns the exit status; errors become one clear line. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof program.exitCode === 'number' ? program.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed its own message (or the help) already.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    if (error instanceof ZodError) {
      // Bad command-line input: name each field and what is wrong with it.
      const issues = error.issues.map(
        (issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message,
      );
      io.err(`error: ${issues.join('; ')}`);
      return EXIT_USAGE;
    }
    const coded = asCrmError(error);
    // A config's problems are already one `file:line path: message` line each.
    io.err(coded.details?.issues ? coded.message : `error: ${coded.message}`);
    if (debug) io.err(String((error as Error).stack ?? error));
    return error instanceof ConfigError ? EXIT_USAGE : EXIT_FAILED;
  }
}
