import { cappedPosition, laterOf, parseCursorState, sinceFor } from './cursor-state';

describe('cursor state', () => {
  it('orders positions by modified-at, then by id on equal timestamps', () => {
    const a = { modifiedAt: '2026-01-01T10:00:00.000Z', id: '5' };
    const b = { modifiedAt: '2026-01-01T10:00:00.000Z', id: '7' };
    const c = { modifiedAt: '2026-01-01T09:59:59.000Z', id: '9' };
    expect(laterOf(a, b)).toBe(b);
    expect(laterOf(b, a)).toBe(b);
    expect(laterOf(c, a)).toBe(a);
    expect(laterOf(null, c)).toBe(c);
    expect(laterOf(c, null)).toBe(c);
  });

  it('never lets a position pass the moment the run started', () => {
    const start = new Date('2026-01-01T10:00:00.000Z');
    expect(cappedPosition('2026-01-01T10:00:05.000Z', '42', start)).toEqual({
      modifiedAt: start.toISOString(),
      id: '',
    });
    expect(cappedPosition('2026-01-01T09:00:00.000Z', '42', start)).toEqual({
      modifiedAt: '2026-01-01T09:00:00.000Z',
      id: '42',
    });
  });

  it('starts an incremental read the overlap window before the watermark', () => {
    expect(sinceFor({ modifiedAt: '2026-01-01T10:00:00.000Z', id: '1' }, 5 * 60_000)).toBe(
      '2026-01-01T09:55:00.000Z',
    );
    expect(sinceFor(null, 5 * 60_000)).toBeNull();
  });

  it('reads anything unrecognised as a fresh start', () => {
    expect(parseCursorState(null)).toEqual({ watermark: null, resume: null });
    expect(parseCursorState('garbage')).toEqual({ watermark: null, resume: null });
    const resume = { since: null, token: { offset: 20 }, maxSeen: null };
    expect(parseCursorState({ resume })).toEqual({ watermark: null, resume });
  });
});
