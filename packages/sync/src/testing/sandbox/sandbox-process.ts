import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** What a sandbox started for another process must give back: its URL and a way to stop. */
export interface RunningSandbox {
  url: string;
  close(): Promise<void>;
  /** Extra facts to print with the URL (e.g. expected record counts). Must be JSON. */
  info?: Record<string, unknown>;
}

/**
 * The body of a sandbox child process: starts the sandbox, prints one JSON line `{"url": …, …info}` on
 * stdout, and closes it on SIGTERM / SIGINT or when stdin ends (the parent died).
 */
export async function runSandboxProcess(factory: () => Promise<RunningSandbox>): Promise<void> {
  const sandbox = await factory();
  process.stdout.write(`${JSON.stringify({ ...sandbox.info, url: sandbox.url })}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.once('end', stop);
  process.stdin.resume();
}

export interface SpawnSandboxOptions {
  /** Arguments to node, e.g. ['dist/sandbox-main.js', '--size', '100000']. */
  args: string[];
  /** @defaultValue process.execPath */
  command?: string;
  env?: NodeJS.ProcessEnv;
  /** @defaultValue 120000 */
  startTimeoutMs?: number;
}

export interface SpawnedSandbox {
  url: string;
  /** Everything the child printed on its first line. */
  info: Record<string, unknown>;
  pid: number;
  child: ChildProcess;
  /** SIGTERM, then waits for the exit. */
  close(): Promise<void>;
}

/** Starts a sandbox in a child process (so the parent's memory is measured alone) and waits for its URL line. */
export function spawnSandboxProcess(options: SpawnSandboxOptions): Promise<SpawnedSandbox> {
  const child = spawn(options.command ?? process.execPath, options.args, {
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(`sandbox process did not print its URL within ${options.startTimeoutMs ?? 120_000} ms`),
      );
    }, options.startTimeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox process exited with ${code} before printing its URL`));
    });
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      let info: Record<string, unknown>;
      try {
        info = JSON.parse(line) as Record<string, unknown>;
      } catch {
        child.kill('SIGTERM');
        reject(
          new Error(
            `sandbox process printed ${JSON.stringify(line.slice(0, 200))} instead of its URL as JSON`,
          ),
        );
        return;
      }
      resolve({
        url: String(info.url),
        info,
        pid: child.pid!,
        child,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
