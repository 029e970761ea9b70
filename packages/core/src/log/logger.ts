import pino from 'pino';

export type Logger = pino.Logger;

/** Keys whose values are secrets wherever they appear in a log object. */
export const SECRET_LOG_KEYS = [
  'password',
  'token',
  'apiKey',
  'api_key',
  'secret',
  'signingSecret',
  'botToken',
  'appToken',
  'authorization',
  'Authorization',
  'cookie',
];

const redactPaths = SECRET_LOG_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`]);

export interface LoggerOptions {
  level?: string;
  /** Where lines go; defaults to stderr so stdout stays for command output. */
  destination?: pino.DestinationStream;
}

/** A JSON-lines logger that redacts secret keys at any of the first three levels. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: undefined,
    },
    options.destination ?? pino.destination(2),
  );
}
