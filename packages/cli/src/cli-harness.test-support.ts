import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Io } from './io';
import { main } from './main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A scratch folder for one test's config and embedded store. */
export function scratchDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-cli-'));
}

/** Runs the CLI in-process, capturing what it prints, as a user in `cwd` with `env` would. */
export async function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => {
      stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err: (text) => {
      stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
    env: options.env ?? {},
    cwd: options.cwd,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
