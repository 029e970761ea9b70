import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['3d', 259_200_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    ['1d12h', 129_600_000],
    ['0s', 0],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', 'm', '15 m', '1.5h', '-5m', '15min', '1h 30m', 'abc', '3y', '1h30', '9999999999s'])(
    'rejects %p',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it('writes the shortest form that parses back to the same value', () => {
    for (const ms of [250, 90_000, 5_400_000, 129_600_000, 604_800_000 + 1000]) {
      const text = formatDuration(ms);
      expect(parseDuration(text)).toBe(ms);
    }
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(0)).toBe('0s');
  });

  it('refuses negative and fractional values', () => {
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(1.5)).toThrow(RangeError);
  });
});
