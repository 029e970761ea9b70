import { withinOneEdit } from './word-distance';

describe('one edit apart', () => {
  it.each([
    ['romashka', 'romashka'],
    ['romashka', 'romoshka'],
    ['romashka', 'romashk'],
    ['romashka', 'omashka'],
    ['romashka', 'romashkaa'],
    ['romashka', 'rmoashka'],
    ['romashka', 'romashak'],
  ])('%s and %s are', (a, b) => {
    expect(withinOneEdit(a, b)).toBe(true);
    expect(withinOneEdit(b, a)).toBe(true);
  });

  it.each([
    ['romashka', 'romashkaaa'],
    ['abc', 'bca'],
    ['romashka', 'ramoshka'],
    ['abcd', 'badc'],
  ])('%s and %s are not', (a, b) => {
    expect(withinOneEdit(a, b)).toBe(false);
    expect(withinOneEdit(b, a)).toBe(false);
  });
});
