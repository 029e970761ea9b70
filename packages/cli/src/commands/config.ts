import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { configJsonSchemaText, loadConfig, redactedConfig } from '@crm-bridge/core';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context';
import { configPath } from '../context';

/** `crm-bridge config check|show|schema`. */
export function registerConfigCommands(program: Command, context: CommandContext): void {
  const config = program.command('config').description('check, show or describe the config file');
  const { io } = context;

  config
    .command('check [file]')
    .description('validate a config file; exit 0 when valid, 2 with every problem listed')
    .action((file: string | undefined) => {
      const target = file ? path.resolve(io.cwd, file) : configPath(context.options(), io);
      const loaded = loadConfig(target, io.env);
      const sources = loaded.sources.map((source) => `${source.id} (${source.kind})`).join(', ') || 'none';
      io.out(`${path.relative(io.cwd, target) || target}: valid; sources: ${sources}`);
    });

  config
    .command('show [file]')
    .description('print the config as loaded, with defaults filled in and secrets redacted')
    .action((file: string | undefined) => {
      const target = file ? path.resolve(io.cwd, file) : configPath(context.options(), io);
      io.out(JSON.stringify(redactedConfig(loadConfig(target, io.env)), null, 2));
    });

  config
    .command('schema')
    .description("print the config's JSON Schema (for editors), or write it with --out")
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action((options: { out?: string }) => {
      const text = configJsonSchemaText();
      if (!options.out) return io.out(text);
      writeFileSync(path.resolve(io.cwd, options.out), text);
      io.out(`wrote ${options.out}`);
    });
}
