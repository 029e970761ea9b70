/** Where a command writes: stdout for results, stderr for diagnostics. Injected so tests can read both. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  cwd: process.cwd(),
};

/** Exit statuses: 2 means fix the config or the command line, 1 means it failed while running. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C or SIGTERM (128 + SIGINT), after the last committed page. */
export const EXIT_CANCELLED = 130;
