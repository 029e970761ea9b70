/** Requests as Slack sends them to our HTTP endpoint: slash commands and interactivity, signed with v0. */
import { createHmac } from 'node:crypto';

/** The v0 signature Slack puts on a request: HMAC-SHA256 over `v0:<ts>:<exact body>`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  secret: string;
  /** Unix seconds. @defaultValue now */
  timestamp?: number;
  /** Overrides the computed signature (a forgery). */
  signature?: string;
}

/** POSTs `body` to `url` as Slack does: form-urlencoded (or JSON for events), signed. */
export async function postSigned(
  url: string,
  body: string,
  options: SignedPost & { contentType?: string },
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, body),
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A slash command body. */
export function commandBody(fields: {
  text: string;
  userId: string;
  channelId?: string;
  responseUrl: string;
  triggerId?: string;
}): string {
  return new URLSearchParams({
    token: 'legacy-ignored',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: fields.channelId ?? 'C1',
    channel_name: 'sales',
    user_id: fields.userId,
    user_name: 'someone',
    command: '/crm',
    text: fields.text,
    api_app_id: 'A1',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId ?? 'trigger-1',
  }).toString();
}

/** An interactivity body: `payload=<url-encoded JSON>`. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
