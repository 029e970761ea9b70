export * from './analytics/index';
export {
  canonicalEmail,
  type EmailPolicy,
  emailPolicy,
  normaliseEmail,
  ROLE_LOCAL_PARTS,
} from './keys/email-key';
export { innHolder, isValidInnChecksum, normaliseInn, normaliseKpp } from './keys/inn-key';
export { type KeyOptions, type KeyPolicy, keyOptionsFromConfig, keyPolicy } from './keys/key-policy';
export type { LinkKey, LinkKeyKind, Normalised, RefusedValue, ValueRefusalReason } from './keys/link-key';
export {
  analyseKeys,
  type ErpReference,
  erpRefValue,
  type KeyAnalysis,
  type KeyContext,
  linkingKeys,
  recordCountry,
  refusedKeys,
  type TaxIdentity,
} from './keys/linking-keys';
export { nameTokens } from './keys/name-tokens';
export { isValidOgrnChecksum, normaliseOgrn } from './keys/ogrn-key';
export { normalisePhone, type PhonePolicy, phonePolicy, phoneRegion, toE164 } from './keys/phone-key';
export { normaliseVat, vatPrefixOf } from './keys/vat-key';
export * from './persisted/index';
export {
  type ClusterFacts,
  isTooCommon,
  type JoinEvidence,
  type JoinRefusal,
  joinRefusal,
  mergeFacts,
  ownerOf,
  type RecordFactsInput,
  recordFacts,
  taxIdsConflict,
} from './resolution/guards';
export type {
  Affiliation,
  KeyRefusalReason,
  Link,
  LinkKind,
  RecordPair,
  Refusal,
  Resolution,
  ResolvableRecord,
  ResolveOptions,
} from './resolution/resolution-types';
export { resolve } from './resolution/resolve';
export * from './search/index';
