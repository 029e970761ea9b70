// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these strings is crm-bridge.yaml syntax, not a JS template
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from '../errors/crm-error';
import { createLogger } from '../log/logger';
import { type ConfigIssue, loadConfig, parseConfig } from './load-config';
import { redactedConfig } from './secret';

const configDir = resolve(__dirname, '../../../../config');
const examplePath = join(configDir, 'crm-bridge.example.yaml');
const example = readFileSync(examplePath, 'utf8');

/** The 1-based line of the only line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const lines = text.split('\n');
  const found = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`expected one line with ${needle}, found ${found.length}`);
  return found[0]!;
}

/** Replaces exactly one occurrence, so an edited example cannot silently stay unedited. */
function edit(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('config.invalid');
    return (error as ConfigError).details!.issues as ConfigIssue[];
  }
  throw new Error('expected a ConfigError');
}

const parse = (text: string, env: NodeJS.ProcessEnv = {}) =>
  parseConfig(text, { fileName: 'crm-bridge.yaml', env });

const MINIMAL = 'version: 1\ncurrency:\n  base: EUR\nphone:\n  defaultRegion: RU\n';

describe('the shipped configs', () => {
  it('the example validates with an empty environment and has an Odoo, an ERPNext and a 1C source', () => {
    const config = loadConfig(examplePath, {});
    expect(config.sources.map((source) => source.kind)).toEqual(['odoo', 'erpnext', 'onec']);
    expect(config.store.url).toBeUndefined(); // ${DATABASE_URL:-} left empty → embedded store
    expect(config.api.port).toBe(8080);
  });

  it('the example points editors at the committed JSON Schema on its first line', () => {
    expect(example.split('\n')[0]).toBe('# yaml-language-server: $schema=./crm-bridge.schema.json');
  });

  it('the demo config validates and keeps its data under .data/demo', () => {
    const config = loadConfig(join(configDir, 'demo.yaml'), {});
    expect(config.store.url).toBeUndefined();
    expect(config.store.dataDir).toBe('.data/demo');
  });
});

describe('parseConfig', () => {
  it('fills every default from a minimal file', () => {
    const config = parse(MINIMAL);
    expect(config.sources).toEqual([]);
    expect(config.store.dataDir).toBe('.data/pglite');
    expect(config.redis).toEqual({ prefix: 'crm-bridge' });
    expect(config.identity.matchOn).toEqual(['email', 'phone', 'tax_id', 'erp_reference']);
    expect(config.analytics.dormantGapFactor).toBe(2.5);
    expect(config.tickets.sla.urgent).toEqual({ firstResponse: 3_600_000, resolution: 28_800_000 });
    expect(config.tickets).toMatchObject({ vipFactor: 0.5, atRiskShare: 0.8 });
    expect(config.tickets.warnBefore).toBeUndefined();
    expect(config.owners).toEqual({ rules: [] });
    expect(config.api).toEqual({
      host: '127.0.0.1',
      port: 8080,
      cors: { origins: [] },
      rateLimit: { max: 600, window: 60_000 },
      bodyLimit: 1_048_576,
    });
  });

  it('reports a wrong URL, an unset variable and an unknown key together, each at its own line', () => {
    let broken = edit(example, 'url: https://erp.example.com', 'url: erp.example.com');
    broken = edit(broken, '${ONEC_PASSWORD:-demo-1c-password}', '${ONEC_PASSWORD}');
    broken = edit(broken, '    pageSize: 500', '    pageSise: 500');
    const dir = mkdtempSync(join(tmpdir(), 'crm-bridge-config-'));
    const file = join(dir, 'crm-bridge.yaml');
    writeFileSync(file, broken);

    let error: unknown;
    try {
      loadConfig(file, {});
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const expected = [
      `${file}:${lineOf(broken, 'url: erp.example.com')} sources[1].url: Invalid URL: expected http:// or https://`,
      `${file}:${lineOf(broken, '${ONEC_PASSWORD}')} sources[2].credentials.password: environment variable ONEC_PASSWORD is not set`,
      `${file}:${lineOf(broken, 'pageSise')} sources[2].pageSise: unknown key "pageSise" (did you mean "pageSize"?)`,
    ];
    expect((error as ConfigError).message).toBe(expected.join('\n'));
    const issues = (error as ConfigError).details!.issues as ConfigIssue[];
    expect(issues.map((issue) => issue.line)).toEqual(
      [...issues.map((issue) => issue.line)].sort((a, b) => a - b),
    );
  });

  it('gives a YAML syntax error its line', () => {
    const issues = issuesOf(() => parse('version: 1\nsources:\n  - id: [odoo\n    kind: odoo\n'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'crm-bridge.yaml', path: '' });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports a key written twice as a YAML error at the second one', () => {
    const issues = issuesOf(() => parse(`${MINIMAL}version: 1\n`));
    expect(issues.map((issue) => issue.line)).toEqual([6]);
    expect(issues[0]!.message).toMatch(/unique/);
  });

  it('reports a duplicate source id at the line of the second one', () => {
    const source = (id: string) =>
      `  - id: ${id}\n    kind: erpnext\n    url: https://erp.example.com\n    timezone: UTC\n` +
      '    credentials: { apiKey: k, apiSecret: s }\n';
    const text = `${MINIMAL}sources:\n${source('erp')}${source('other')}${source('erp')}`;
    const issues = issuesOf(() => parse(text));
    expect(issues).toEqual([
      {
        file: 'crm-bridge.yaml',
        line: 17,
        path: 'sources[2].id',
        message: 'duplicate id "erp" (sources[0])',
      },
    ]);
  });

  it('reports a missing required key at its parent and an unknown source kind with the choices', () => {
    const text = `${MINIMAL}sources:\n  - id: a\n    kind: odoo\n    url: https://odoo.example.com\n  - id: b\n    kind: sap\n`;
    const issues = issuesOf(() => parse(text));
    expect(issues.map(({ line, path, message }) => `${line} ${path}: ${message}`)).toEqual([
      '7 sources[0].database: required',
      '7 sources[0].credentials: required',
      '11 sources[1].kind: expected one of "odoo", "erpnext", "onec"',
    ]);
  });

  it('takes numbers, flags and durations from the environment as text', () => {
    const text =
      `${MINIMAL}api:\n  port: \${API_PORT}\nanalytics:\n  dormantGapFactor: \${GAP:-3}\n` +
      'bots:\n  telegram:\n    enabled: ${TG_ON:-false}\n    botToken: 1:abcdefghijklmnopqrstuvwxyz\n' +
      'tickets:\n  warnBefore: ${WARN:-1h}\n';
    const config = parse(text, { API_PORT: '9090' });
    expect(config.api.port).toBe(9090);
    expect(config.analytics.dormantGapFactor).toBe(3);
    expect(config.bots.telegram?.enabled).toBe(false);
    expect(config.tickets.warnBefore).toBe(3_600_000);
    expect(issuesOf(() => parse(text, { API_PORT: 'eighty' })).map((issue) => issue.path)).toEqual([
      'api.port',
    ]);
  });

  it('reads a literal ${ written as $${', () => {
    const config = parse(`${MINIMAL}api:\n  host: "$\${HOST}"\n`);
    expect(config.api.host).toBe('${HOST}');
  });

  it('checks rules that span fields: Odoo json2 needs an API key, Slack Socket Mode an app token', () => {
    const text =
      `${MINIMAL}sources:\n  - id: o\n    kind: odoo\n    url: https://o.example.com\n    database: d\n` +
      '    api: json2\n    credentials: { username: u, password: p }\n' +
      'bots:\n  slack:\n    botToken: xoxb-1-2\n';
    expect(issuesOf(() => parse(text)).map(({ path, message }) => `${path}: ${message}`)).toEqual([
      'sources[0].api: api json2 needs credentials.apiKey',
      'bots.slack.appToken: required in socket mode',
    ]);
  });

  it('calls an empty file empty', () => {
    expect(issuesOf(() => parse('# nothing yet\n'))).toEqual([
      {
        file: 'crm-bridge.yaml',
        line: 1,
        path: '',
        message: 'no settings: start from config/crm-bridge.example.yaml',
      },
    ]);
  });
});

describe('loadConfig', () => {
  it('names a missing file', () => {
    const missing = join(tmpdir(), 'no-such-dir', 'crm-bridge.yaml');
    let error: unknown;
    try {
      loadConfig(missing, {});
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`${missing}: file not found`);
    expect((error as ConfigError).code).toBe('config.unreadable');
  });
});

describe('secrets', () => {
  const secrets = {
    DATABASE_URL: 'postgres://crm:pg-PASS-1@db.internal:5432/crm',
    REDIS_URL: 'redis://:redis-PASS-2@cache.internal:6379',
    ODOO_API_KEY: 'odoo-KEY-3',
    ERPNEXT_API_KEY: 'erpnext-KEY-4',
    ERPNEXT_API_SECRET: 'erpnext-SECRET-5',
    ONEC_PASSWORD: 'onec-PASS-6',
    SLACK_BOT_TOKEN: 'xoxb-slack-TOKEN-7',
    SLACK_APP_TOKEN: 'xapp-slack-TOKEN-8',
    SLACK_SIGNING_SECRET: 'slack-SIGNING-9',
    TELEGRAM_BOT_TOKEN: '42:telegram-TOKEN-10-abcdefghijklmnop',
  };
  const values = Object.values(secrets);
  const leaked = (text: string) => values.filter((value) => text.includes(value));

  it('are revealed only on request and never printed from a parsed config', () => {
    const config = parseConfig(example, { fileName: 'x.yaml', env: secrets });
    expect(config.store.url?.reveal()).toBe(secrets.DATABASE_URL);
    expect(config.bots.slack?.botToken.reveal()).toBe(secrets.SLACK_BOT_TOKEN);
    expect(leaked(JSON.stringify(config))).toEqual([]);
    expect(leaked(inspect(config, { depth: null }))).toEqual([]);
    expect(leaked(JSON.stringify(redactedConfig(config)))).toEqual([]);
    expect(redactedConfig(config).bots.slack?.botToken).toBe('[redacted]');

    const lines: string[] = [];
    const logger = createLogger({ destination: { write: (line: string) => lines.push(line) } });
    logger.info({ config }, 'loaded');
    expect(lines).toHaveLength(1);
    expect(leaked(lines.join(''))).toEqual([]);
  });

  it('never appear in ConfigError messages or details, even when a secret itself is invalid', () => {
    const env = {
      ...secrets,
      DATABASE_URL: 'mysql://crm:pg-PASS-1@db.internal/crm',
      TELEGRAM_BOT_TOKEN: 'telegram-TOKEN-10-without-digits',
      SLACK_BOT_TOKEN: 'xoxp-slack-TOKEN-7',
    };
    let error: unknown;
    try {
      parseConfig(edit(example, 'database: acme', 'database: ${ODOO_DB}'), { fileName: 'x.yaml', env });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).details!.issues as ConfigIssue[];
    expect(issues.map((issue) => issue.path)).toEqual([
      'store.url',
      'sources[0].database',
      'bots.slack.botToken',
      'bots.telegram.botToken',
    ]);
    const everything = `${(error as ConfigError).message}\n${JSON.stringify((error as ConfigError).details)}`;
    expect(leaked(everything)).toEqual([]);
    expect(everything).not.toMatch(/pg-PASS-1|slack-TOKEN-7|telegram-TOKEN-10/);
  });
});
