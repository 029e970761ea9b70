import { Command } from 'commander';
import type { CommandContext } from './command-context';
import { registerApiKeyCommands } from './commands/apikey';
import { registerChatCommand } from './commands/chat';
import { registerConfigCommands } from './commands/config';
import { registerCustomersCommands } from './commands/customers';
import { registerDemoCommand } from './commands/demo';
import { registerEmployeeCommands } from './commands/employee';
import { registerInitCommand } from './commands/init';
import { registerMigrateCommand } from './commands/migrate';
import { registerProfilesCommands } from './commands/profiles';
import { registerQuarantineCommands } from './commands/quarantine';
import { registerRunsCommand } from './commands/runs';
import { registerServeCommand } from './commands/serve';
import { registerStatusCommand } from './commands/status';
import { registerSyncCommand } from './commands/sync';
import { registerWorkerCommands } from './commands/worker';
import type { GlobalOptions } from './context';
import type { Io } from './io';

/** The program with its exit status, which handlers set through the context. */
export type Program = Command & { exitCode?: number };

/** Builds the `crm-bridge` command tree; each command lives in its own file under commands/. */
export function buildProgram(io: Io): Program {
  const program: Program = new Command('crm-bridge');
  program
    .description('CRM Bridge: one customer profile across your ERPs, in Slack and Telegram.')
    .option('-c, --config <file>', 'the config file (default: $CRM_BRIDGE_CONFIG or ./crm-bridge.yaml)')
    .option('--debug', 'print stack traces with errors')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });

  const context: CommandContext = {
    io,
    options: () => program.opts<GlobalOptions>(),
    setExitCode: (code) => {
      program.exitCode = code;
    },
  };
  for (const register of [
    registerInitCommand,
    registerConfigCommands,
    registerMigrateCommand,
    registerStatusCommand,
    registerEmployeeCommands,
    registerSyncCommand,
    registerRunsCommand,
    registerQuarantineCommands,
    registerCustomersCommands,
    registerProfilesCommands,
    registerDemoCommand,
    registerServeCommand,
    registerWorkerCommands,
    registerApiKeyCommands,
    registerChatCommand,
  ]) {
    register(program, context);
  }
  // Subcommands share the parent's output and error handling.
  for (const command of program.commands) inherit(command, program);
  return program;
}

function inherit(command: Command, parent: Command): void {
  command
    .exitOverride()
    .configureOutput(parent.configureOutput())
    .showHelpAfterError('(add --help for usage)');
  for (const child of command.commands) inherit(child, command);
}
