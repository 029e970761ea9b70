/** Chat notifications: from the outbox to each employee's chat, exactly once, paced per chat. */

export { wakeWaitingNotifications } from '@crm-bridge/desk';
export {
  type ChannelRate,
  ChatRateGuard,
  type ChatRateLimits,
  defaultChatRateLimits,
  sharedChatRateGuard,
} from './chat-rate-guard';
export { type ChatRetryPolicy, chatRetryDelay, defaultChatRetryPolicy } from './chat-retry';
export {
  type ChatDrainResult,
  type ChatNotificationDeps,
  drainChatNotifications,
} from './drain-chat-notifications';
