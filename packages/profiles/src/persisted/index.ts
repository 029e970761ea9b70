export {
  type CardMetrics,
  type CardOrder,
  type CardRecord,
  type CustomerCard,
  customerCard,
} from './customer-card';
export { CARD_LATEST_TICKETS } from './customer-card-sql';
export { type CustomerOrder, type CustomerOrdersPage, customerOrders } from './customer-orders';
export {
  churnRiskCustomers,
  dormantCustomers,
  type QuietCustomer,
  type QuietCustomers,
  type QuietOptions,
} from './dormant-list';
export {
  describeKey,
  describeReason,
  explainProfile,
  explanationLines,
  type ProfileExplanation,
} from './explain';
export { type GoldenInput, type GoldenRecord, goldenRecord, trustOrder } from './golden-record';
export { type Decider, mergeProfiles, neverMerge, splitRecord, undoMerge } from './manual-decisions';
export {
  type MetricsSettings,
  profilesWithPendingOrders,
  profilesWithStaleMetrics,
  refreshMetrics,
  rescoreBase,
} from './metrics';
export {
  findProfileRef,
  isProfileId,
  liveProfileIdSql,
  type ProfileRef,
  profileRecordIds,
  profileRef,
} from './profile-lookup';
export {
  type ProfilesReport,
  type ProfilesReportOptions,
  profilesReport,
  type RefusalExample,
} from './profiles-report';
export {
  type PassResult,
  type PendingOptions,
  type PendingResult,
  type ResolutionSettings,
  resolvePending,
  resolveRecords,
} from './resolve-pending';
export {
  type ProfilesSettings,
  profilesSettings,
  type UpdateOptions,
  type UpdateSummary,
  updateProfiles,
} from './update-profiles';
export type { ResolutionActor } from './write-resolution';
