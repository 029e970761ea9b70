export {
  type DormancyThresholds,
  type DormancyVerdict,
  dormancy,
  MIN_PRIOR_ORDERS,
  PRIOR_DAYS,
  RATE_DROP_FRACTION,
  RECENT_DAYS,
} from './dormancy';
export { DAYS_PER_MONTH, type LifetimeValue, lifetimeValue } from './lifetime-value';
export {
  COUNTED_STATUSES,
  type FactsOptions,
  type FactsOrder,
  isCounted,
  type OrderFacts,
  orderFacts,
  type TimelineOrder,
} from './order-facts';
export {
  quintileScores,
  type RfmInput,
  type RfmResult,
  type RfmScore,
  type RfmSegment,
  rfmInput,
  rfmOfBase,
  rfmScores,
  rfmSegment,
} from './rfm';
