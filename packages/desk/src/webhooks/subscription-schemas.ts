import { secret, Timestamp, Uuid } from '@crm-bridge/core';
import { z } from 'zod';
import { WebhookTopic } from './topics';

/** An http(s) URL without credentials or fragment, normalised (`HTTPS://Host` → `https://host/`). */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Expected an absolute http or https URL' });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'Expected an http or https URL' });
      return z.NEVER;
    }
    if (url.username || url.password) {
      // Credentials in the URL would be stored and shown in the clear; the signature authenticates us.
      ctx.addIssue({ code: 'custom', message: 'The URL must not contain a user name or password' });
      return z.NEVER;
    }
    if (url.hash) {
      ctx.addIssue({ code: 'custom', message: 'The URL must not contain a #fragment' });
      return z.NEVER;
    }
    return url.href;
  });

/** One or more topics, duplicates dropped. */
export const WebhookTopics = z
  .array(WebhookTopic)
  .min(1, 'Subscribe to at least one event')
  .transform((topics) => [...new Set(topics)]);

/** A caller-chosen signing secret: 16–256 printable ASCII characters, no spaces. */
export const WebhookSecret = secret(
  'HMAC-SHA256 signing secret for the subscription; generated when omitted',
  z
    .string()
    .min(16, 'The secret must be at least 16 characters')
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'The secret must be printable ASCII without spaces'),
);

/** What an admin gives to subscribe a URL. */
export const NewWebhookSubscription = z.strictObject({
  url: WebhookUrl,
  events: WebhookTopics,
  secret: WebhookSecret.optional(),
});
export type NewWebhookSubscription = z.input<typeof NewWebhookSubscription>;

/** What an admin may change on a subscription; `active: true` also re-enables one the system disabled. */
export const WebhookSubscriptionChanges = z
  .strictObject({
    url: WebhookUrl.optional(),
    events: WebhookTopics.optional(),
    active: z.boolean().optional(),
  })
  .refine((changes) => Object.values(changes).some((value) => value !== undefined), {
    message: 'Nothing to change: give url, events or active',
  });
export type WebhookSubscriptionChanges = z.input<typeof WebhookSubscriptionChanges>;

/** A subscription as the use cases return it: never with its secret. */
export const WebhookSubscription = z.strictObject({
  id: Uuid,
  url: z.string(),
  events: z.array(WebhookTopic),
  active: z.boolean(),
  createdBy: Uuid.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  /** Failed attempts in a row; any 2xx answer resets it. */
  consecutiveFailures: z.number().int().nonnegative(),
  /** When the current failure streak began, or null. */
  failingSince: Timestamp.nullable(),
  /** Set when the system stopped sending after repeated failure; `active: true` re-enables. */
  disabledAt: Timestamp.nullable(),
  disabledReason: z.string().nullable(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

/** A subscription together with its signing secret: returned once, on create and on rotate. */
export interface WebhookSubscriptionWithSecret {
  subscription: WebhookSubscription;
  secret: string;
}
