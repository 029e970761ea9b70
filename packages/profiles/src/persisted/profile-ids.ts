/** A profile that exists before this resolution pass, with what the store knows of it. */
export interface ExistingProfile {
  id: string;
  status: 'active' | 'inactive' | 'merged';
  createdAt: string;
}

/** One cluster the resolver produced, with the profile each of its records had before. */
export interface ClusterBefore {
  records: readonly {
    recordId: number;
    /** The record's profile before this pass; null for a record never resolved. */
    profileId: string | null;
    /** The first profile the record ever belonged to. */
    firstProfileId: string | null;
  }[];
}

export interface IdAssignment {
  /** Per cluster, in input order: the profile id it keeps, revives, or null for a new profile. */
  ids: (string | null)[];
  /** Profiles that held records before and now hold none: each folded into the cluster with most of them. */
  absorbed: { id: string; into: number }[];
}

/**
 * Gives each cluster a profile id so that ids stay stable across passes:
 * 1. the (cluster, current profile) pairs sharing the most records are matched first, the older profile
 *    winning a tie: a profile that gains records keeps its id; one that is split keeps it for the larger part;
 * 2. a cluster left without an id revives a merged profile its records first belonged to, the pairs sharing
 *    the most records first, so an undone merge gives the absorbed profile its old id back;
 * 3. the rest get a new profile.
 * A current profile that no cluster kept is absorbed into the cluster holding most of its records.
 */
export function assignProfileIds(
  clusters: readonly ClusterBefore[],
  existing: ReadonlyMap<string, ExistingProfile>,
): IdAssignment {
  const ids: (string | null)[] = clusters.map(() => null);
  // Ties between clusters go to the one holding the oldest record, never to the order they came in.
  const rank = clusters.map(({ records }) => records.reduce((min, r) => Math.min(min, r.recordId), Infinity));
  const byRank = (a: number, b: number) => rank[a]! - rank[b]!;
  // Profiles made in one pass share a creation time: the one holding the oldest record is the older.
  const oldestRecord = new Map<string, number>();
  for (const { records } of clusters) {
    for (const r of records) {
      for (const id of [r.profileId, r.firstProfileId]) {
        if (id !== null) oldestRecord.set(id, Math.min(oldestRecord.get(id) ?? r.recordId, r.recordId));
      }
    }
  }
  const olderFirst = (a: string, b: string): number => {
    const ca = existing.get(a)?.createdAt ?? '';
    const cb = existing.get(b)?.createdAt ?? '';
    if (ca !== cb) return ca < cb ? -1 : 1;
    return (oldestRecord.get(a) ?? 0) - (oldestRecord.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  };
  const taken = new Set<string>();
  const pairs: { cluster: number; id: string; shared: number }[] = [];
  clusters.forEach((cluster, index) => {
    for (const [id, shared] of tally(cluster.records.map((r) => r.profileId))) {
      if (existing.get(id)?.status !== 'merged') pairs.push({ cluster: index, id, shared });
    }
  });
  // Most shared records first, then the older profile, then the cluster holding the oldest record.
  const claim = (candidates: { cluster: number; id: string; shared: number }[]) => {
    candidates.sort((a, b) => b.shared - a.shared || olderFirst(a.id, b.id) || byRank(a.cluster, b.cluster));
    for (const { cluster, id } of candidates) {
      if (ids[cluster] !== null || taken.has(id)) continue;
      ids[cluster] = id;
      taken.add(id);
    }
  };
  claim(pairs);
  const revivals: { cluster: number; id: string; shared: number }[] = [];
  clusters.forEach((cluster, index) => {
    if (ids[index] !== null) return;
    for (const [id, shared] of tally(cluster.records.map((r) => r.firstProfileId))) {
      if (!taken.has(id) && existing.get(id)?.status === 'merged')
        revivals.push({ cluster: index, id, shared });
    }
  });
  claim(revivals);
  const absorbed: { id: string; into: number }[] = [];
  const holders = new Map<string, Map<number, number>>();
  clusters.forEach((cluster, index) => {
    for (const { profileId } of cluster.records) {
      if (profileId === null || taken.has(profileId)) continue;
      const counts = holders.get(profileId) ?? new Map<number, number>();
      counts.set(index, (counts.get(index) ?? 0) + 1);
      holders.set(profileId, counts);
    }
  });
  for (const [id, counts] of [...holders].sort((a, b) => olderFirst(a[0], b[0]))) {
    const into = [...counts].sort((a, b) => b[1] - a[1] || byRank(a[0], b[0]))[0]![0];
    absorbed.push({ id, into });
  }
  return { ids, absorbed };
}

function tally(values: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
