import { z } from 'zod';

/** The named RFM segments (see the profiles package's rfmSegment for the R/F map). */
export const RfmSegment = z.enum([
  'champions',
  'loyal',
  'potential loyalists',
  'new',
  'promising',
  'need attention',
  'about to sleep',
  'at risk',
  'cannot lose',
  'hibernating',
  'lost',
]);
export type RfmSegment = z.infer<typeof RfmSegment>;
