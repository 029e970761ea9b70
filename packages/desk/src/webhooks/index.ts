/** Events delivered to webhook subscriptions: the subscription use cases, the drainer and the signature. */

export {
  listWebhookDeliveries,
  WebhookDelivery,
  WebhookDeliveryFilter,
  WebhookDeliveryStatus,
} from './delivery-history';
export { defaultWebhookRetryPolicy, nextAttemptAt, type WebhookRetryPolicy } from './retry-schedule';
export {
  signWebhookPayload,
  type VerifyWebhookSignatureInput,
  verifyWebhookSignature,
  type WebhookSignatureInput,
} from './signature';
export { defaultWebhookDisableRule, type WebhookDisableRule } from './subscription-health';
export {
  NewWebhookSubscription,
  WebhookSecret,
  WebhookSubscription,
  WebhookSubscriptionChanges,
  type WebhookSubscriptionWithSecret,
  WebhookTopics,
  WebhookUrl,
} from './subscription-schemas';
export {
  createWebhookSubscription,
  deleteWebhookSubscription,
  generateWebhookSecret,
  getWebhookSubscription,
  listWebhookSubscriptions,
  rotateWebhookSecret,
  updateWebhookSubscription,
} from './subscriptions';
export { WebhookTopic } from './topics';
export type { WebhookCaller } from './webhook-caller';
export {
  type WebhookDrainOptions,
  type WebhookDrainPass,
  type WebhookDrainResult,
  webhookDrainPass,
} from './webhook-drainer';
