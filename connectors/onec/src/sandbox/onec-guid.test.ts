import { guidCodec } from './onec-guid';

describe('guidCodec', () => {
  const codec = guidCodec(7, 'Catalog_Контрагенты');

  it('makes version-1 GUIDs that decode back to their row id, folders included', () => {
    for (const id of [-2, -1, 1, 2, 999, 123_456, 2_000_000]) {
      const key = codec.encode(id);
      expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(codec.decode(key)).toBe(id);
      expect(codec.decode(key.toUpperCase())).toBe(id);
    }
  });

  it('is deterministic per seed and set, and refuses keys of other sets', () => {
    expect(guidCodec(7, 'Catalog_Контрагенты').encode(5)).toBe(codec.encode(5));
    expect(guidCodec(8, 'Catalog_Контрагенты').encode(5)).not.toBe(codec.encode(5));
    expect(codec.decode(guidCodec(7, 'Document_ЗаказКлиента').encode(5))).toBeNull();
    expect(codec.decode('00000000-0000-0000-0000-000000000000')).toBeNull();
  });

  it('orders keys differently from their text, as 1C does', () => {
    const keys = Array.from({ length: 50 }, (_, i) => codec.encode(i + 1));
    expect([...keys].sort()).not.toEqual(keys);
  });
});
