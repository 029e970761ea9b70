import { assignProfileIds, type ClusterBefore, type ExistingProfile } from './profile-ids';

/** A record `recordId` that belongs to `profileId` now and first belonged to `firstProfileId`. */
const rec = (recordId: number, profileId: string | null, firstProfileId: string | null = profileId) => ({
  recordId,
  profileId,
  firstProfileId,
});
const cluster = (...records: ReturnType<typeof rec>[]): ClusterBefore => ({ records });

function profiles(
  ...list: [id: string, createdAt: string, status?: ExistingProfile['status']][]
): Map<string, ExistingProfile> {
  return new Map(list.map(([id, createdAt, status = 'active']) => [id, { id, status, createdAt }]));
}

const MONDAY = '2026-01-05T09:00:00.000Z';
const TUESDAY = '2026-01-06T09:00:00.000Z';

describe('assigning profile ids to clusters', () => {
  it('keeps the id of a profile that gains records, and gives a cluster of new records a new profile', () => {
    const result = assignProfileIds(
      [cluster(rec(1, 'A'), rec(2, 'A'), rec(7, null)), cluster(rec(8, null), rec(9, null))],
      profiles(['A', MONDAY]),
    );
    expect(result).toEqual({ ids: ['A', null], absorbed: [] });
  });

  it('keeps the id of a split profile for its larger part, whichever cluster comes first', () => {
    const existing = profiles(['A', MONDAY]);
    const small = cluster(rec(1, 'A'));
    const large = cluster(rec(2, 'A'), rec(3, 'A'), rec(4, 'A'));
    expect(assignProfileIds([small, large], existing)).toEqual({ ids: [null, 'A'], absorbed: [] });
    expect(assignProfileIds([large, small], existing)).toEqual({ ids: ['A', null], absorbed: [] });
    // Split in halves, the id stays with the half holding the oldest record, in any order.
    const halves = [cluster(rec(5, 'A'), rec(6, 'A')), cluster(rec(2, 'A'), rec(9, 'A'))];
    expect(assignProfileIds(halves, existing).ids).toEqual([null, 'A']);
    expect(assignProfileIds([...halves].reverse(), existing).ids).toEqual(['A', null]);
  });

  it('lets the older of two joining profiles survive and absorbs the other into its cluster', () => {
    const joined = [cluster(rec(1, 'NEW'), rec(2, 'OLD')), cluster(rec(3, null))];
    expect(assignProfileIds(joined, profiles(['OLD', MONDAY], ['NEW', TUESDAY]))).toEqual({
      ids: ['OLD', null],
      absorbed: [{ id: 'NEW', into: 0 }],
    });
    // The same records with the creation times the other way round.
    expect(assignProfileIds(joined, profiles(['OLD', TUESDAY], ['NEW', MONDAY]))).toEqual({
      ids: ['NEW', null],
      absorbed: [{ id: 'OLD', into: 0 }],
    });
  });

  it('lets the profile with more of the joined records survive over an older one with fewer', () => {
    // Fewest records change profile; age only breaks a tie in shared records.
    const joined = [cluster(rec(1, 'OLD'), rec(2, 'NEW'), rec(3, 'NEW'))];
    expect(assignProfileIds(joined, profiles(['OLD', MONDAY], ['NEW', TUESDAY]))).toEqual({
      ids: ['NEW'],
      absorbed: [{ id: 'OLD', into: 0 }],
    });
  });

  it('between profiles created in one pass, lets the one holding the oldest record survive', () => {
    const existing = profiles(['P', MONDAY], ['Q', MONDAY]);
    expect(assignProfileIds([cluster(rec(5, 'P'), rec(2, 'Q'))], existing)).toEqual({
      ids: ['Q'],
      absorbed: [{ id: 'P', into: 0 }],
    });
    expect(assignProfileIds([cluster(rec(2, 'P'), rec(5, 'Q'))], existing)).toEqual({
      ids: ['P'],
      absorbed: [{ id: 'Q', into: 0 }],
    });
  });

  it('absorbs a profile left without a cluster into the cluster holding most of its records', () => {
    // B is split between two clusters that A and C keep: it goes where two of its three records went.
    const result = assignProfileIds(
      [
        cluster(rec(1, 'A'), rec(2, 'A'), rec(3, 'B')),
        cluster(rec(4, 'C'), rec(5, 'C'), rec(6, 'C'), rec(7, 'B'), rec(8, 'B')),
      ],
      profiles(['A', MONDAY], ['B', MONDAY], ['C', MONDAY]),
    );
    expect(result).toEqual({ ids: ['A', 'C'], absorbed: [{ id: 'B', into: 1 }] });
  });

  it('revives a merged profile for the cluster whose records first belonged to it', () => {
    // An undone merge: record 3 first belonged to M, which was folded into A and is merged now.
    const existing = profiles(['A', MONDAY], ['M', TUESDAY, 'merged']);
    const result = assignProfileIds(
      [cluster(rec(1, 'A'), rec(2, 'A')), cluster(rec(3, 'A', 'M'), rec(4, 'A', 'M'))],
      existing,
    );
    expect(result).toEqual({ ids: ['A', 'M'], absorbed: [] });
  });

  it('revives a merged profile once, for the cluster holding most of its first records, and no active one', () => {
    const existing = profiles(['M', MONDAY, 'merged']);
    const twice = assignProfileIds(
      [cluster(rec(1, null, 'M')), cluster(rec(2, null, 'M'), rec(3, null, 'M'))],
      existing,
    );
    expect(twice.ids).toEqual([null, 'M']);
    // With as many first records in each, the cluster holding the oldest record gets it, in any order.
    const even = [cluster(rec(4, null, 'M')), cluster(rec(2, null, 'M'))];
    expect(assignProfileIds(even, existing).ids).toEqual([null, 'M']);
    expect(assignProfileIds([...even].reverse(), existing).ids).toEqual(['M', null]);
    // An active first owner is not revived: it is either kept by its records or absorbed.
    const active = assignProfileIds([cluster(rec(1, null, 'A'))], profiles(['A', MONDAY]));
    expect(active.ids).toEqual([null]);
  });

  it('gives the same ids whatever order the clusters come in', () => {
    const clusters = [
      cluster(rec(1, 'A'), rec(2, 'B'), rec(13, 'E')),
      cluster(rec(3, 'A'), rec(4, 'C'), rec(14, 'E')),
      cluster(rec(5, 'B'), rec(6, 'C')),
      cluster(rec(7, 'A', 'M'), rec(8, null, 'M')),
      cluster(rec(9, null)),
      cluster(rec(10, 'D'), rec(11, 'D')),
      cluster(rec(12, 'D')),
    ];
    const existing = profiles(
      ['A', MONDAY],
      ['B', MONDAY],
      ['C', TUESDAY],
      ['D', TUESDAY],
      ['E', '2026-01-07T09:00:00.000Z'],
      ['M', MONDAY, 'merged'],
    );
    const byFirstRecord = (input: readonly ClusterBefore[]) => {
      const { ids, absorbed } = assignProfileIds(input, existing);
      return {
        ids: new Map(input.map((c, i) => [c.records[0]!.recordId, ids[i]])),
        absorbed: new Map(absorbed.map((a) => [a.id, input[a.into]!.records[0]!.recordId])),
      };
    };
    const expected = byFirstRecord(clusters);
    // No id is handed out twice; E, which no cluster kept, is absorbed.
    const handedOut = [...expected.ids.values()].filter((id) => id !== null);
    expect(new Set(handedOut).size).toBe(handedOut.length);
    expect(handedOut).toContain('M');
    expect(expected.absorbed).toEqual(new Map([['E', 1]]));
    const orders = [
      [...clusters].reverse(),
      [3, 0, 6, 2, 5, 1, 4].map((i) => clusters[i]!),
      [6, 5, 4, 3, 0, 1, 2].map((i) => clusters[i]!),
    ];
    for (const order of orders) expect(byFirstRecord(order)).toEqual(expected);
  });
});
