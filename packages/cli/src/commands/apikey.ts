import os from 'node:os';
import { type ApiKeyInfo, createApiKey, listApiKeys, revokeApiKey, Scope } from '@crm-bridge/api';
import { parseDuration } from '@crm-bridge/core';
import type { Actor, Db } from '@crm-bridge/store';
import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../command-context';
import { readConfig, withStore } from '../context';
import { formatTable } from '../format-table';

/** Key writes are audited as the operating-system user who ran the command. */
function operator(): Actor {
  return { kind: 'cli', id: os.userInfo().username, channel: 'cli' };
}

function parseScopes(value: string): Scope[] {
  const scopes = value.split(',').map((scope) => scope.trim());
  const wrong = scopes.filter((scope) => !Scope.safeParse(scope).success);
  if (wrong.length > 0 || scopes.length === 0) {
    throw new InvalidArgumentError(`expected a comma-separated list of ${Scope.options.join(', ')}`);
  }
  return scopes as Scope[];
}

/** `90d` from now, or an ISO date or time. */
function parseExpiry(value: string, now = new Date()): Date {
  const ms = parseDuration(value);
  if (ms !== undefined && ms > 0) return new Date(now.getTime() + ms);
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) {
    throw new InvalidArgumentError('expected a duration such as 90d, or a future date such as 2027-01-31');
  }
  return at;
}

const day = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '-');

function state(key: ApiKeyInfo, now = Date.now()): string {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return 'expired';
  return 'active';
}

/** `crm-bridge apikey create|list|revoke`: the keys n8n and other programs call the API with. */
export function registerApiKeyCommands(program: Command, context: CommandContext): void {
  const { io } = context;
  const apikey = program.command('apikey').description('create, list and revoke API keys for the HTTP API');
  const store = <T>(fn: (db: Db) => Promise<T>) => withStore(readConfig(context.options(), io), io, fn);

  apikey
    .command('create')
    .description('create a key and print it once: only its hash is stored (audited)')
    .requiredOption('--name <name>', 'what uses the key, e.g. "n8n production"')
    .requiredOption('--scopes <list>', `comma-separated: ${Scope.options.join(', ')}`, parseScopes)
    .option('--employee <id>', "act as this employee (the key's role is theirs, capped by its scopes)")
    .option('--expires <when>', 'a duration such as 90d, or a date such as 2027-01-31', (value) =>
      parseExpiry(value),
    )
    .option('--json', 'print JSON (with the key)')
    .action(
      async (options: {
        name: string;
        scopes: Scope[];
        employee?: string;
        expires?: Date;
        json?: boolean;
      }) => {
        const { key, info } = await store((db) =>
          createApiKey(
            db,
            {
              name: options.name,
              scopes: options.scopes,
              employeeId: options.employee ?? null,
              expiresAt: options.expires ?? null,
            },
            operator(),
          ),
        );
        if (options.json) return io.out(JSON.stringify({ key, ...info }, null, 2));
        io.out(
          [
            `created API key ${info.prefix} "${info.name}" (${info.scopes.join(', ')})${info.expiresAt ? `, expires ${day(info.expiresAt)} UTC` : ''}`,
            '',
            `  ${key}`,
            '',
            'Copy it now: it is shown only this once. Send it as "Authorization: Bearer <key>".',
          ].join('\n'),
        );
      },
    );

  apikey
    .command('list')
    .description('list keys (never the keys themselves)')
    .option('--all', 'include revoked keys')
    .option('--json', 'print JSON')
    .action(async (options: { all?: boolean; json?: boolean }) => {
      const keys = await store((db) => listApiKeys(db, { includeRevoked: options.all ?? false }));
      if (options.json) return io.out(JSON.stringify(keys, null, 2));
      if (keys.length === 0) return io.out('no API keys yet (crm-bridge apikey create)');
      io.out(
        formatTable(
          ['prefix', 'name', 'scopes', 'employee', 'state', 'created (UTC)', 'last used', 'expires'],
          keys.map((key) => [
            key.prefix,
            key.name,
            key.scopes.join(','),
            key.employeeId ?? '-',
            state(key),
            day(key.createdAt),
            day(key.lastUsedAt),
            day(key.expiresAt),
          ]),
        ),
      );
    });

  apikey
    .command('revoke <key>')
    .description('revoke a key by its prefix or id: it stops working within seconds (audited)')
    .action(async (reference: string) => {
      const revoked = await store((db) => revokeApiKey(db, reference, operator()));
      io.out(`revoked API key ${revoked.prefix} "${revoked.name}"`);
    });
}
