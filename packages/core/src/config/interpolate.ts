// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these strings is crm-bridge.yaml syntax, not a JS template
/** `${VAR}` and `${VAR:-default}` in crm-bridge.yaml values, filled from the environment. */
import { type Document, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';

/** `$${` (a literal `${`), `${NAME}`, `${NAME:-default}`, or a `${` that starts none of them. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

export interface InterpolationResult {
  value: string;
  /** Names of variables that are unset and have no default, in order of first use. */
  missing: string[];
  /** True when a `${` starts no valid reference (a bad name, no closing brace, a nested reference). */
  malformed: boolean;
}

/**
 * Fills `${NAME}` and `${NAME:-default}` from `env`, as a shell does: the default is used when the variable
 * is unset or empty; `$${` writes a literal `${`. A missing variable stays as written and is listed in `missing`.
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv): InterpolationResult {
  const missing: string[] = [];
  let malformed = false;
  const value = text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined || fallback?.includes('${')) {
      malformed = true;
      return match;
    }
    const set = env[name];
    if (fallback !== undefined) return set === undefined || set === '' ? fallback : set;
    if (set !== undefined) return set;
    if (!missing.includes(name)) missing.push(name);
    return match;
  });
  return { value, missing, malformed };
}

/** A value that could not be filled in: where it is and why (never the value of any variable). */
export interface InterpolationProblem {
  path: (string | number)[];
  node: Scalar;
  message: string;
}

const MALFORMED = 'malformed ${...}: write ${NAME} or ${NAME:-default}, or $${ for a literal ${';

/**
 * Interpolates every string scalar VALUE of the document in place (keys are left alone, so a key can never
 * be renamed by the environment) and returns the problems found, each with its data path.
 */
export function interpolateDocument(doc: Document, env: NodeJS.ProcessEnv): InterpolationProblem[] {
  const problems: InterpolationProblem[] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        walk(pair.value, [...path, String(key)]);
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) walk(item, [...path, index]);
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const result = interpolate(node.value, env);
      node.value = result.value;
      for (const name of result.missing) {
        problems.push({ path, node, message: `environment variable ${name} is not set` });
      }
      if (result.malformed) problems.push({ path, node, message: MALFORMED });
    }
    // Aliases need nothing: they resolve to the anchored node, which is filled in where it stands.
  };
  walk((doc as Document<Node>).contents, []);
  return problems;
}
