import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '@crm-bridge/core';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { configPath } from '../context';

/** The repository's config folder, from src/ (tests) or dist/ (built) alike. */
export const CONFIG_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'config');
const EXAMPLE = path.join(CONFIG_DIR, 'crm-bridge.example.yaml');
const SCHEMA = path.join(CONFIG_DIR, 'crm-bridge.schema.json');

/** `crm-bridge init`: writes crm-bridge.yaml from the commented example. */
export function registerInitCommand(program: Command, context: CommandContext): void {
  program
    .command('init')
    .description('write crm-bridge.yaml from the commented example')
    .option('-f, --force', 'overwrite an existing file')
    .action((options: { force?: boolean }) => {
      const target = configPath(context.options(), context.io);
      if (existsSync(target) && !options.force) {
        throw new ConfigError(`${target} already exists; pass --force to overwrite it`, {
          code: 'cli.file_exists',
        });
      }
      const schema = path.relative(path.dirname(target), SCHEMA).split(path.sep).join('/');
      const text = readFileSync(EXAMPLE, 'utf8').replace(
        /^# yaml-language-server: \$schema=.*$/m,
        `# yaml-language-server: $schema=${schema}`,
      );
      writeFileSync(target, text, { flag: options.force ? 'w' : 'wx' });
      context.io.out(`wrote ${target}\nnext: set the variables it names, then run: crm-bridge config check`);
    });
}
