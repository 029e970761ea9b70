/** Chat notifications fanned out from the outbox: who gets what on which channel, and waking waiting ones. */

export { fanOutChatNotifications, type OutboxEvent } from './chat-fan-out';
export {
  CHAT_NOTIFICATION_TOPICS,
  type ChatNotifyChannel,
  type ChatRecipients,
  chatRecipients,
} from './chat-recipients';
export { wakeWaitingNotifications } from './chat-wake';
