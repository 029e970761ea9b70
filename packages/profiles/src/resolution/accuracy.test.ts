import { createWorld } from '@crm-bridge/sync/testing';
import { keyPolicy } from '../keys/key-policy';
import { resolve } from './resolve';
import { type TruthRecord, worldRecords } from './world-records.test-support';

/** Pairs within clusters, split by whether the two records are truly the same company or person. */
function pairCounts(clusters: readonly string[][], byKey: Map<string, TruthRecord>) {
  let right = 0;
  const wrong: string[] = [];
  for (const cluster of clusters) {
    for (let x = 0; x < cluster.length; x++) {
      for (let y = x + 1; y < cluster.length; y++) {
        const a = byKey.get(cluster[x]!)!;
        const b = byKey.get(cluster[y]!)!;
        if (a.truth === b.truth) right++;
        else wrong.push(`${a.key} (${a.truth}) + ${b.key} (${b.truth})`);
      }
    }
  }
  return { right, wrong };
}

/** True pairs that share an identifying key by the world's truth, and how many of them ended up together. */
function recallCounts(records: readonly TruthRecord[], profileOf: Map<string, number>) {
  const byTruth = new Map<string, TruthRecord[]>();
  for (const r of records) byTruth.set(r.truth, [...(byTruth.get(r.truth) ?? []), r]);
  let shared = 0;
  let found = 0;
  const missed: string[] = [];
  for (const group of byTruth.values()) {
    for (let x = 0; x < group.length; x++) {
      for (let y = x + 1; y < group.length; y++) {
        const a = group[x]!;
        const b = group[y]!;
        if (!a.truthKeys.some((k) => b.truthKeys.includes(k))) continue;
        shared++;
        if (profileOf.get(a.key) === profileOf.get(b.key)) found++;
        else missed.push(`${a.key} + ${b.key}`);
      }
    }
  }
  return { shared, found, missed };
}

describe('identity resolution on the generated world', () => {
  it('merges nothing wrongly (precision 1.0) and finds ≥ 99% of the pairs sharing a valid strong key, traps included', () => {
    const world = createWorld({ seed: Number(process.env.WORLD_SEED ?? 7), size: 3000 });
    const { records, traps } = worldRecords(world);
    const started = performance.now();
    const result = resolve(records, { policy: keyPolicy({ defaultRegion: 'RU' }), maxKeyShare: 5 });
    const ms = performance.now() - started;

    const byKey = new Map(records.map((r) => [r.key, r]));
    const profileOf = new Map<string, number>();
    result.clusters.forEach((cluster, n) => {
      for (const key of cluster) profileOf.set(key, n);
    });
    const { right, wrong } = pairCounts(result.clusters, byKey);
    const { shared, found, missed } = recallCounts(records, profileOf);
    const precision = right / (right + wrong.length);
    const recall = found / shared;
    const reasons = new Map<string, number>();
    for (const r of result.refused)
      reasons.set(`${r.type}:${r.reason}`, (reasons.get(`${r.type}:${r.reason}`) ?? 0) + 1);
    console.log(
      [
        `${records.length} source records → ${result.clusters.length} profiles in ${ms.toFixed(0)} ms`,
        `precision ${precision.toFixed(4)} (${right} right pairs, ${wrong.length} wrong)`,
        `recall ${recall.toFixed(4)} (${found} of ${shared} pairs sharing a valid strong key)`,
        `refused: ${[...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ')}`,
        ...wrong.slice(0, 5).map((w) => `wrong: ${w}`),
        ...missed.slice(0, 5).map((m) => `missed: ${m}`),
      ].join('\n'),
    );

    expect(wrong).toEqual([]);
    expect(precision).toBe(1);
    expect(recall).toBeGreaterThanOrEqual(0.99);

    // The traps were present and refused for the right reasons.
    const keyRefusals = result.refused.filter((r) => r.type === 'key');
    expect(keyRefusals).toContainEqual(
      expect.objectContaining({ key: '+78002000600', reason: 'too_common' }),
    );
    // Refused as a key (ambiguous) or join by join (conflicting tax ids, different names), depending on which copies hold an INN.
    const accountant = /^e\.smirnova\.\d+@yandex\.ru$/;
    expect(result.refused.some((r) => r.type !== 'value' && accountant.test(r.key ?? ''))).toBe(true);
    expect(result.links.filter((l) => accountant.test(l.key ?? ''))).toEqual([]);
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'value', raw: '0000000000', reason: 'placeholder' }),
    );
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'value', kind: 'inn', reason: 'checksum' }),
    );
    expect(result.refused).toContainEqual(
      expect.objectContaining({ type: 'value', kind: 'email', reason: 'role_address' }),
    );
    for (const { person, from, alsoAt } of traps.personAtTwoCompanies) {
      const companies = new Set(
        records
          .filter((r) => r.truth === `c${from}` || r.truth === `c${alsoAt}`)
          .map((r) => profileOf.get(r.key)),
      );
      expect(companies.size).toBeGreaterThanOrEqual(2);
      const orgOfGuest = result.affiliations.find((a) => a.person === person)?.organization;
      expect(byKey.get(orgOfGuest!)?.truth).toBe(`c${alsoAt}`);
    }
    expect(traps.personAtTwoCompanies).toHaveLength(10);
    for (const trap of ['office_phone', 'call_centre', 'accountant_email', 'zero_inn', 'bad_checksum_inn'])
      expect(traps.byTrap[trap]?.length).toBeGreaterThan(5);
  });
});
