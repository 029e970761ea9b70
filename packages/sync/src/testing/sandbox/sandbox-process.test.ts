import { spawnSandboxProcess } from './sandbox-process';

// The child speaks the runSandboxProcess protocol in plain JS (the test runner's TypeScript is not available to children).
const child = `
const http = require('node:http');
const server = http.createServer((req, res) => res.end(JSON.stringify({ pid: process.pid })));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port, rows: 3 }) + '\\n');
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
`;

describe('spawnSandboxProcess', () => {
  it('starts a sandbox in another process, reads its URL line and stops it', async () => {
    const sandbox = await spawnSandboxProcess({ args: ['-e', child] });
    try {
      expect(sandbox.info).toMatchObject({ rows: 3 });
      const body = (await (await fetch(sandbox.url)).json()) as { pid: number };
      expect(body.pid).toBe(sandbox.pid);
      expect(body.pid).not.toBe(process.pid);
    } finally {
      await sandbox.close();
    }
    expect(sandbox.child.exitCode ?? sandbox.child.signalCode).not.toBeNull();
  });

  it('fails clearly when the child prints something that is not its URL', async () => {
    await expect(
      spawnSandboxProcess({ args: ['-e', 'console.log("hello"); setTimeout(() => {}, 5000)'] }),
    ).rejects.toThrow(/instead of its URL/);
  });
});
