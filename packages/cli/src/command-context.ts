import type { GlobalOptions } from './context';
import type { Io } from './io';

/** What a command handler gets: the global options, where to write, and a way to set the exit status. */
export interface CommandContext {
  io: Io;
  options(): GlobalOptions;
  setExitCode(code: number): void;
}
