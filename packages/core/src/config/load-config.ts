/** Reading crm-bridge.yaml: YAML → `${VAR}` filled in → zod, with every problem reported at once by file and line. */
import { readFileSync } from 'node:fs';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors/crm-error';
import { closestKey, knownKeysAt } from './did-you-mean';
import { interpolateDocument } from './interpolate';
import { Config } from './schema';
import { type DataPath, formatPath, lineOf } from './yaml-location';

/** One problem in a config file. `message` never holds a secret or an environment variable's value. */
export interface ConfigIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** `sources[0].url`; empty for a YAML syntax error. */
  path: string;
  message: string;
}

export interface ParseConfigOptions {
  /** The name errors are reported under, e.g. `config/crm-bridge.yaml`. */
  fileName: string;
  /** Where `${VAR}` values come from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** `crm-bridge.yaml:14 sources[0].url: Invalid URL`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}${issue.path === '' ? '' : ` ${issue.path}`}: ${issue.message}`;
}

/**
 * Parses and validates the text of a crm-bridge.yaml. Throws one ConfigError (code `config.invalid`,
 * `details.issues`: ConfigIssue[]) listing every problem: YAML syntax, unset variables, schema violations.
 */
export function parseConfig(text: string, options: ParseConfigOptions): Config {
  const file = options.fileName;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const issues: ConfigIssue[] = doc.errors.map((error) => ({
    file,
    line: lines.linePos(error.pos[0]).line,
    path: '',
    message: error.message,
  }));

  const unfilled = interpolateDocument(doc, options.env ?? process.env);
  for (const problem of unfilled) {
    issues.push({
      file,
      line: lineOf(doc, lines, problem.path),
      path: formatPath(problem.path),
      message: problem.message,
    });
  }
  if (doc.errors.length > 0) throw invalid(file, issues); // the structure is unreliable: schema errors would be noise

  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    issues.push({
      file,
      line: 1,
      path: '',
      message: 'no settings: start from config/crm-bridge.example.yaml',
    });
    throw invalid(file, issues);
  }
  const result = Config.safeParse(data, { error: friendlyMessage });
  if (result.success && issues.length === 0) return result.data;
  if (!result.success) {
    // A value with an unset variable already has its issue; what zod says about the `${...}` left there is noise.
    const covered = unfilled.map((problem) => formatPath(problem.path));
    for (const issue of result.error.issues) {
      for (const found of toConfigIssues(issue, doc, lines, data, file)) {
        const under = (path: string) =>
          [path, `${path}.`, `${path}[`].some((start) => found.path.startsWith(start));
        if (!covered.some(under)) issues.push(found);
      }
    }
  }
  throw invalid(file, issues);
}

/** Reads and parses a config file; a missing or unreadable file is a ConfigError naming it. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code})`;
    throw new ConfigError(`${file}: ${reason}`, {
      code: 'config.unreadable',
      cause: error,
      details: { file },
    });
  }
  return parseConfig(text, { fileName: file, env });
}

function invalid(file: string, issues: ConfigIssue[]): ConfigError {
  const sorted = [...issues].sort((a, b) => a.line - b.line);
  return new ConfigError(sorted.map(formatConfigIssue).join('\n'), { details: { file, issues: sorted } });
}

function toConfigIssues(
  issue: z.core.$ZodIssue,
  doc: Document,
  lines: LineCounter,
  data: unknown,
  file: string,
): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(Config, issue.path, data);
    return issue.keys.map((key) => {
      const path: DataPath = [...issue.path, key];
      const suggestion = closestKey(key, known);
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      return {
        file,
        line: lineOf(doc, lines, path),
        path: formatPath(path),
        message: `unknown key "${key}"${hint}`,
      };
    });
  }
  return [
    { file, line: lineOf(doc, lines, issue.path), path: formatPath(issue.path), message: issue.message },
  ];
}

/** Plainer words than zod's defaults for the common cases; undefined keeps zod's message. Never echoes the input. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  if (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1)
    return 'must not be empty';
  if (issue.code === 'invalid_union' && 'discriminator' in issue && Array.isArray(issue.options)) {
    return `expected one of ${issue.options.map((option) => JSON.stringify(option)).join(', ')}`;
  }
  if (issue.code === 'invalid_key') {
    const reason = issue.issues[0]?.message;
    return reason === undefined ? 'invalid key' : `invalid key: ${reason}`;
  }
  return undefined;
}
