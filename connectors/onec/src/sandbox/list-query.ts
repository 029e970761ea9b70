/** Answers one collection query over a SandboxSet: `$filter`, `$select`, `$orderby=Ref_Key`, `$top`/`$skip`, `$inlinecount`. */
import type { ODataRecord, SandboxSet } from './entity-sets';
import {
  type FilterNode,
  FilterSyntaxError,
  filterFields,
  keyLookup,
  matches,
  parseFilter,
} from './odata-filter';

/** A query 1C refuses: rendered as odata.error with this status and code. */
export class ODataFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ListResult {
  records: ODataRecord[];
  count: number | undefined;
}

const SCAN_CHUNK = 2000;

/** Runs a collection query; throws ODataFailure for options 1C would refuse. */
export function listQuery(set: SandboxSet, params: URLSearchParams): ListResult {
  const select = parseSelect(set, params.get('$select'));
  const filter = parseFilterOption(set, params.get('$filter'));
  const orderby = (params.get('$orderby') ?? 'Ref_Key').trim();
  if (!/^Ref_Key( asc)?$/i.test(orderby)) {
    throw new ODataFailure(400, '6', `Песочница упорядочивает только по Ref_Key, а не '${orderby}'`);
  }
  const skip = count(params.get('$skip'), '$skip') ?? 0;
  const top = count(params.get('$top'), '$top') ?? Number.POSITIVE_INFINITY;
  const inline = params.get('$inlinecount');
  if (inline !== null && inline !== 'allpages' && inline !== 'none') {
    throw new ODataFailure(400, '14', `Ошибка при разборе опции запроса $inlinecount: '${inline}'`);
  }
  const { records, total } =
    select === null ? run(set, filter, skip, top) : project(run(set, filter, skip, top), select);
  return { records, count: inline === 'allpages' ? total : undefined };
}

function run(set: SandboxSet, filter: FilterNode | null, skip: number, top: number) {
  const keys = filter === null ? null : keyLookup(filter);
  if (keys !== null) {
    const ids = [
      ...new Set(keys.map((key) => set.codec.decode(key)).filter((id): id is number => id !== null)),
    ];
    const found = ids
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const record =
          id > 0
            ? set.render(id)
            : (set.folders.find((folder) => folder.Ref_Key === set.codec.encode(id)) ?? null);
        return record === null ? [] : [record];
      });
    return { records: found.slice(skip, skip + top), total: found.length };
  }
  const foldersOut = filter !== null && isNotFolder(filter);
  if (filter === null || foldersOut) {
    const folders = foldersOut ? [] : set.folders;
    const total = folders.length + set.count();
    const records = folders.slice(skip, skip + top);
    const rowsFrom = Math.max(0, skip - folders.length);
    const wanted = Math.min(top, Math.max(0, total - skip)) - records.length;
    for (const id of wanted > 0 ? set.ids(rowsFrom, wanted) : []) {
      const record = set.render(id);
      if (record !== null) records.push(record);
    }
    return { records, total };
  }
  // Any other filter: evaluated row by row, as a full table scan.
  const records: ODataRecord[] = [];
  let total = 0;
  const consider = (record: ODataRecord | null) => {
    if (record === null || !matches(filter, record)) return;
    if (total >= skip && records.length < top) records.push(record);
    total += 1;
  };
  for (const folder of set.folders) consider(folder);
  for (let offset = 0; ; offset += SCAN_CHUNK) {
    const ids = set.ids(offset, SCAN_CHUNK);
    for (const id of ids) consider(set.render(id));
    if (ids.length < SCAN_CHUNK) break;
  }
  return { records, total };
}

function isNotFolder(node: FilterNode): boolean {
  return (
    node.op === 'eq' &&
    node.left.op === 'field' &&
    node.left.name === 'IsFolder' &&
    node.right.op === 'value' &&
    node.right.value === false
  );
}

function project(result: { records: ODataRecord[]; total: number }, select: string[]) {
  const records = result.records.map((record) => {
    const picked: ODataRecord = {};
    for (const name of select) if (record[name] !== undefined) picked[name] = record[name];
    return picked;
  });
  return { records, total: result.total };
}

function parseSelect(set: SandboxSet, text: string | null): string[] | null {
  if (text === null || text.trim() === '' || text.trim() === '*') return null;
  const names = text.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!set.properties.has(name)) throw new ODataFailure(400, '6', `Сегмент пути '${name}' не найден!`);
  }
  return names;
}

function parseFilterOption(set: SandboxSet, text: string | null): FilterNode | null {
  if (text === null || text.trim() === '') return null;
  try {
    const node = parseFilter(text);
    const unknown = filterFields(node).find((name) => !set.properties.has(name));
    if (unknown !== undefined) throw new FilterSyntaxError(`неизвестное свойство '${unknown}'`);
    return node;
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    throw new ODataFailure(400, '14', `Ошибка при разборе опции запроса $filter: ${error.message}`);
  }
}

function count(text: string | null, option: string): number | undefined {
  if (text === null) return undefined;
  if (!/^\d+$/.test(text))
    throw new ODataFailure(400, '14', `Ошибка при разборе опции запроса ${option}: '${text}'`);
  return Number(text);
}
