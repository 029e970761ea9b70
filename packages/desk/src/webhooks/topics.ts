import { z } from 'zod';
import { EVENT_TOPICS } from '../events';

/** A topic a webhook may subscribe to: any event the desk writes to the outbox. */
export const WebhookTopic = z.enum(EVENT_TOPICS);
export type WebhookTopic = z.infer<typeof WebhookTopic>;
