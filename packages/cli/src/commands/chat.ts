import { createInterface } from 'node:readline/promises';
import { createChatBot } from '@crm-bridge/bot-core';
import { type Employee, NotFoundError } from '@crm-bridge/core';
import { type Db, findEmployee, listEmployees } from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { ChatSession, type ChatTerminal } from './chat-session';

/** An active employee by id, e-mail or exact name (case-insensitive). */
export async function employeeByReference(db: Db, reference: string): Promise<Employee> {
  const wanted = reference.trim().toLowerCase();
  const found =
    (await findEmployee(db, reference.trim())) ??
    (await listEmployees(db)).find(
      (e) => e.email?.toLowerCase() === wanted || e.name.toLowerCase() === wanted,
    ) ??
    null;
  if (!found?.active) {
    throw new NotFoundError(
      `no active employee with id, e-mail or name "${reference}" (crm-bridge employee list)`,
      {
        code: 'cli.employee_not_found',
      },
    );
  }
  return found;
}

function processTerminal(): ChatTerminal & { close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let ended = false;
  rl.on('close', () => {
    ended = true;
  });
  return {
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    ask: async (prompt) => {
      if (ended) return null;
      try {
        return await rl.question(prompt);
      } catch {
        return null;
      }
    },
    close: () => rl.close(),
  };
}

/** `crm-bridge chat --as <employee> [--once "<command>"]`: the bot's commands in a terminal. */
export function registerChatCommand(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('chat')
    .description('use the chat bot in this terminal as an employee (numbers press buttons; "quit" ends)')
    .requiredOption('--as <employee>', 'the employee: id, e-mail or name')
    .option('--once <command>', 'run one command, print the answer and exit')
    .action(async (options: { as: string; once?: string }) => {
      const config = readConfig(context.options(), io);
      await withStore(config, io, async (db) => {
        const employee = await employeeByReference(db, options.as);
        const bot = createChatBot({
          db,
          config,
          onError: (error) => io.err(`chat: ${error instanceof Error ? error.message : String(error)}`),
        });
        if (options.once !== undefined) {
          const terminal: ChatTerminal = { print: (text) => io.out(text), ask: async () => null };
          await new ChatSession(bot, employee.id, terminal).line(options.once, { interactive: false });
          return;
        }
        const terminal = processTerminal();
        try {
          io.out(
            `CRM Bridge chat as ${employee.name} (${employee.role}). Type a command, a number to press a button, "quit" to end.`,
          );
          await new ChatSession(bot, employee.id, terminal).loop();
        } finally {
          terminal.close();
        }
      });
    });
}
