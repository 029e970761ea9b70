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

/** `crm-bridge serve` running in-process: its URL once it listens, what it printed, and its exit status. */
export function startServe(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  let out = '';
  let err = '';
  let onListening: (url: string) => void = () => {};
  const listening = new Promise<string>((resolve) => {
    onListening = resolve;
  });
  const io: Io = {
    out: (text) => {
      out += `${text}\n`;
      const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
      if (url) onListening(url);
    },
    err: (text) => {
      err += `${text}\n`;
    },
    env,
    cwd,
  };
  const exited = main(args, io);
  return {
    url: Promise.race([
      listening,
      exited.then((code) => Promise.reject(new Error(`serve exited ${code}: ${err}`))),
    ]),
    exited,
    output: () => ({ out, err }),
  };
}

/** Polls `check` until it returns a value (not false); fails after `ms`. */
export async function until<T>(check: () => Promise<T | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
