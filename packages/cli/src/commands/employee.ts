import os from 'node:os';
import { type Employee, NotFoundError, Role, TelegramUserId } from '@crm-bridge/core';
import {
  type Actor,
  addEmployee,
  type Db,
  findEmployee,
  findEmployeeBySlackId,
  findEmployeeByTelegramId,
  listEmployees,
  setEmployeeRole,
} from '@crm-bridge/store';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { registerEmployeeChatCommands } from './employee-chat';

/** CLI writes are audited as the operating-system user who ran the command. */
function operator(): Actor {
  return { kind: 'cli', id: os.userInfo().username, channel: 'cli' };
}

/** An employee by id, Slack user id (U…) or Telegram user id (digits). */
async function resolveEmployee(db: Db, reference: string): Promise<Employee> {
  const found = /^\d+$/.test(reference)
    ? await findEmployeeByTelegramId(db, Number(reference))
    : /^[UW][A-Z0-9]{2,}$/.test(reference)
      ? await findEmployeeBySlackId(db, reference)
      : await findEmployee(db, reference);
  if (!found) {
    throw new NotFoundError(`no employee with id, Slack id or Telegram id "${reference}"`, {
      code: 'cli.employee_not_found',
    });
  }
  return found;
}

function describe(employee: Employee): string {
  const links = [
    employee.slackUserId && `slack ${employee.slackUserId}`,
    employee.telegramUserId && `telegram ${employee.telegramUserId}`,
    employee.email,
  ].filter(Boolean);
  return `${employee.id}  ${employee.role.padEnd(7)}  ${employee.name}${links.length ? `  (${links.join(', ')})` : ''}${employee.active ? '' : '  [inactive]'}`;
}

/** `crm-bridge employee add|list|set-role`. */
export function registerEmployeeCommands(program: Command, context: CommandContext): void {
  const employee = program
    .command('employee')
    .description('manage the employees who use the bots and the API');
  const { io } = context;
  const store = <T>(fn: (db: Db) => Promise<T>) => withStore(readConfig(context.options(), io), io, fn);

  employee
    .command('add')
    .description('add an employee (audited)')
    .requiredOption('--name <name>', 'full name')
    .option('--role <role>', `one of ${Role.options.join(', ')}`, 'agent')
    .option('--email <email>', 'e-mail address')
    .option('--slack <userId>', 'Slack user id, e.g. U0123ABCD')
    .option('--telegram <userId>', 'Telegram numeric user id')
    .action(
      async (options: { name: string; role: string; email?: string; slack?: string; telegram?: string }) => {
        const added = await store((db) =>
          addEmployee(
            db,
            {
              name: options.name,
              role: Role.parse(options.role, {
                error: () => `--role must be one of ${Role.options.join(', ')}`,
              }),
              email: options.email ?? null,
              slackUserId: options.slack ?? null,
              telegramUserId:
                options.telegram === undefined
                  ? null
                  : TelegramUserId.parse(Number(options.telegram), {
                      error: () => '--telegram must be a numeric user id',
                    }),
            },
            operator(),
          ),
        );
        io.out(`added ${describe(added)}`);
      },
    );

  employee
    .command('list')
    .description('list employees')
    .option('--all', 'include deactivated employees')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const employees = await store((db) => listEmployees(db, { includeInactive: options.all ?? false }));
      if (options.json) return io.out(JSON.stringify(employees, null, 2));
      io.out(
        employees.length ? employees.map(describe).join('\n') : 'no employees yet (crm-bridge employee add)',
      );
    });

  employee
    .command('set-role <employee> <role>')
    .description("change an employee's role (audited); <employee> is an id, a Slack id or a Telegram id")
    .action(async (reference: string, role: string) => {
      const parsedRole = Role.parse(role, { error: () => `role must be one of ${Role.options.join(', ')}` });
      const updated = await store(async (db) =>
        setEmployeeRole(db, (await resolveEmployee(db, reference)).id, parsedRole, operator()),
      );
      io.out(`updated ${describe(updated)}`);
    });
  registerEmployeeChatCommands(employee, context);
}
