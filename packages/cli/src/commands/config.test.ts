import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, scratchDir } from '../cli-harness.test-support';
import { CONFIG_DIR } from './init';

const example = path.join(CONFIG_DIR, 'crm-bridge.example.yaml');

/** The 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" not in the text`);
  return index + 1;
}

describe('crm-bridge config check', () => {
  it('accepts the shipped example with an empty environment', async () => {
    const result = await runCli(['config', 'check', example], { cwd: scratchDir() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid; sources: .*\(odoo\).*\(erpnext\).*\(onec\)/);
  });

  it('exits 2 naming a wrong URL, a missing variable and an unknown key, each with its line', async () => {
    const dir = scratchDir();
    const original = readFileSync(example, 'utf8').split('\n');
    // Break three things in a copy: the first source URL, a secret's variable, and a key nobody knows.
    const urlLine = original.findIndex((line) => /^\s+url: /.test(line) && line.includes('http'));
    original[urlLine] = original[urlLine]!.replace(/url: .*/, 'url: not a url');
    const secretLine = original.findIndex((line) => /^\s+apiKey: \$\{[A-Z_]+:-/.test(line));
    original[secretLine] = original[secretLine]!.replace(
      /\$\{([A-Z0-9_]+):-[^}]*\}/,
      '$${CRM_TEST_UNSET_VARIABLE}',
    );
    original.splice(1, 0, 'colour: blue');
    const broken = original.join('\n');
    const file = path.join(dir, 'crm-bridge.yaml');
    writeFileSync(file, broken);

    const result = await runCli(['--config', file, 'config', 'check'], { cwd: dir });
    expect(result.code).toBe(2);
    const errors = result.stderr.trim().split('\n');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`crm-bridge\\.yaml:${lineOf(broken, 'colour: blue')} colour: .*unknown key`, 'i'),
        ),
        expect.stringMatching(
          new RegExp(`crm-bridge\\.yaml:${lineOf(broken, 'not a url')} sources\\[0\\]\\.url: `),
        ),
        expect.stringMatching(
          new RegExp(
            `crm-bridge\\.yaml:${lineOf(broken, 'CRM_TEST_UNSET_VARIABLE')} .*CRM_TEST_UNSET_VARIABLE is not set`,
          ),
        ),
      ]),
    );
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });

  it('exits 2 with a clear line when the file does not exist', async () => {
    const dir = scratchDir();
    const result = await runCli(['config', 'check'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(path.join(dir, 'crm-bridge.yaml'));
  });

  it('shows the loaded config with secrets redacted', async () => {
    const result = await runCli(['config', 'show', example], {
      cwd: scratchDir(),
      env: { ODOO_API_KEY: 'very-secret-odoo-key-123' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('very-secret-odoo-key-123');
    expect(result.stdout).toContain('[redacted]');
    expect(JSON.parse(result.stdout).sources).toHaveLength(3);
  });
});

describe('crm-bridge init', () => {
  it('writes crm-bridge.yaml from the example, pointing at the schema, and refuses to overwrite it', async () => {
    const dir = scratchDir();
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    const written = readFileSync(path.join(dir, 'crm-bridge.yaml'), 'utf8');
    const schemaRef = written.match(/\$schema=(\S+)/)![1]!;
    expect(path.resolve(dir, schemaRef)).toBe(path.join(CONFIG_DIR, 'crm-bridge.schema.json'));
    expect((await runCli(['config', 'check'], { cwd: dir })).code).toBe(0);

    const second = await runCli(['init'], { cwd: dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/already exists; pass --force/);
    expect((await runCli(['init', '--force'], { cwd: dir })).code).toBe(0);
  });
});

describe('crm-bridge command line', () => {
  it('prints help for every command and exits 2 on an unknown one', async () => {
    const dir = scratchDir();
    for (const command of ['init', 'config', 'migrate', 'status', 'employee']) {
      const help = await runCli([command, '--help'], { cwd: dir });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`crm-bridge ${command}`);
    }
    const unknown = await runCli(['frobnicate'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});
