import { FilterSyntaxError, keyLookup, matches, parseFilter } from './odata-filter';

const row = {
  Ref_Key: 'a103cb54-42ee-11ec-a7a0-f10ab59a067e',
  IsFolder: false,
  DeletionMark: true,
  Description: 'ООО Ромашка',
  ИНН: '7707083893',
  Date: '2024-05-02T12:00:00',
  СуммаДокумента: 1500,
};

describe('$filter', () => {
  it.each([
    ['IsFolder eq false', true],
    ['IsFolder eq false and DeletionMark eq false', false],
    ["IsFolder eq false and (DeletionMark eq false or ИНН eq '7707083893')", true],
    ['not DeletionMark eq false', true],
    ["Ref_Key eq guid'A103CB54-42EE-11EC-A7A0-F10AB59A067E'", true],
    ["Date ge datetime'2024-05-01T00:00:00' and Date lt datetime'2024-06-01T00:00:00'", true],
    ['СуммаДокумента gt 1000', true],
    ["substringof('ромашка', Description)", true],
    ["startswith(Description, 'ООО')", true],
    ["Description eq 'O''Brien'", false],
  ])('%s → %s', (text, expected) => {
    expect(matches(parseFilter(text), row)).toBe(expected);
  });

  it('recognises a batch key lookup', () => {
    expect(
      keyLookup(
        parseFilter(
          "Ref_Key eq guid'a103cb54-42ee-11ec-a7a0-f10ab59a067e' or Ref_Key eq guid'b103cb54-42ee-11ec-a7a0-f10ab59a067e'",
        ),
      ),
    ).toEqual(['a103cb54-42ee-11ec-a7a0-f10ab59a067e', 'b103cb54-42ee-11ec-a7a0-f10ab59a067e']);
    expect(
      keyLookup(parseFilter("Ref_Key eq guid'a103cb54-42ee-11ec-a7a0-f10ab59a067e' and IsFolder eq false")),
    ).toBeNull();
  });

  it.each(['ИНН eq', 'IsFolder eq false)', "Description eq 'unclosed", '', 'frobnicate(ИНН)'])(
    'refuses %j',
    (text) => {
      expect(() => matches(parseFilter(text), row)).toThrow(FilterSyntaxError);
    },
  );
});
