/** Where a data path is in the YAML text, for `file:line path: message` errors. */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export type DataPath = readonly PropertyKey[];

interface Reached {
  /** The node at the end of the walk (undefined for an empty document or a key without a value). */
  node: unknown;
  /** The key node of the last map step, when the last step was into a map. */
  key: Node | null;
  complete: boolean;
}

function walk(doc: Document, path: DataPath): Reached {
  let node: unknown = doc.contents;
  let key: Node | null = null;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
      );
      if (pair === undefined) return { node, key, complete: false };
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      key = null;
      node = node.items[segment];
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function startOf(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

/**
 * The 1-based line for a data path: a scalar's own line; a collection's key line (`credentials:`);
 * for a path that does not exist (a missing key), the line of its nearest existing parent.
 */
export function lineOf(doc: Document, lines: LineCounter, path: DataPath): number {
  const { node, key, complete } = walk(doc, path);
  const offset = complete && isScalar(node) ? startOf(node) : (startOf(key) ?? startOf(node));
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

/** `sources[0].credentials.password`: how a data path is printed. */
export function formatPath(path: DataPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[\p{L}_$][\p{L}\p{N}_$-]*$/u.test(String(segment)))
      text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
