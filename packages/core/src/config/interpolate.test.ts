// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in these strings is crm-bridge.yaml syntax, not a JS template
import { LineCounter, parseDocument } from 'yaml';
import { interpolate, interpolateDocument } from './interpolate';

describe('interpolate', () => {
  const env = { HOST: 'db.local', EMPTY: '', PORT: '5432' };

  it('fills ${VAR} from the environment, several per value', () => {
    expect(interpolate('postgres://${HOST}:${PORT}/crm', env)).toEqual({
      value: 'postgres://db.local:5432/crm',
      missing: [],
      malformed: false,
    });
  });

  it('uses the default of ${VAR:-default} when the variable is unset or empty, as a shell does', () => {
    expect(interpolate('${UNSET:-fallback}', env).value).toBe('fallback');
    expect(interpolate('${EMPTY:-fallback}', env).value).toBe('fallback');
    expect(interpolate('${HOST:-fallback}', env).value).toBe('db.local');
    expect(interpolate('${UNSET:-}', env).value).toBe('');
    expect(interpolate('${UNSET:-a:b/c?d}', env).value).toBe('a:b/c?d');
  });

  it('keeps a set-but-empty ${VAR} empty', () => {
    expect(interpolate('x${EMPTY}y', env)).toEqual({ value: 'xy', missing: [], malformed: false });
  });

  it('writes $${ as a literal ${ and does not fill what follows', () => {
    expect(interpolate('cost: $${HOST} and ${HOST}', env).value).toBe('cost: ${HOST} and db.local');
    expect(interpolate('$$ and $HOST stay', env).value).toBe('$$ and $HOST stay');
  });

  it('lists unset variables without a default once each and leaves them as written', () => {
    expect(interpolate('${A}-${B}-${A}', env)).toEqual({
      value: '${A}-${B}-${A}',
      missing: ['A', 'B'],
      malformed: false,
    });
  });

  it.each(['${1BAD}', '${HOST', '${}', '${A:-${B}}', '${A B}'])('flags %p as malformed', (text) => {
    expect(interpolate(text, env).malformed).toBe(true);
  });
});

describe('interpolateDocument', () => {
  it('fills values but never keys, and reports each unset variable with its data path', () => {
    const doc = parseDocument('${KEY}: ${VALUE}\nlist:\n  - a\n  - ${MISSING}\n', {
      lineCounter: new LineCounter(),
    });
    const problems = interpolateDocument(doc, { KEY: 'renamed', VALUE: 'filled' });
    expect(doc.toJS()).toEqual({ '${KEY}': 'filled', list: ['a', '${MISSING}'] });
    expect(problems.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ['list', 1], message: 'environment variable MISSING is not set' },
    ]);
  });

  it('fills an anchored value once for every alias of it', () => {
    const doc = parseDocument('a: &x ${V}\nb: *x\n');
    expect(interpolateDocument(doc, { V: 'v' })).toEqual([]);
    expect(doc.toJS()).toEqual({ a: 'v', b: 'v' });
  });
});
