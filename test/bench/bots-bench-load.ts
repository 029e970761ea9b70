/**
 * The bots bench's load: a wave of signed Slack slash commands fired at once, and a burst of Telegram webhook
 * updates; each request's send and acknowledgement time taken here, each answer's arrival taken by the fakes
 * (their own process, the same machine clock) and matched back to its request.
 */

import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { t } from '@crm-bridge/bot-core';
import { type Arrival, type FakesMessage, now } from './bots-bench-fakes';

/** The next IPC message from `child` that has `key`. */
export function nextMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a bench child exited with ${code}`));
    const onMessage = (message: Record<string, T>) => {
      if (typeof message !== 'object' || message === null || !(key in message)) return;
      child.off('message', onMessage).off('exit', onExit);
      resolve(message[key]!);
    };
    child.on('message', onMessage).once('exit', onExit);
  });
}

/** Hands over the arrivals the fakes recorded since the last collect. */
export async function collect(fakes: ChildProcess): Promise<Arrival[]> {
  const reply = nextMessage<Extract<FakesMessage, { arrivals: unknown }>['arrivals']>(fakes, 'arrivals');
  fakes.send('collect');
  return reply;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers that are a refusal or a failure, not a lookup result (plain-text prefixes, before any escaping). */
const REFUSALS = [
  t('en', 'bot.not_registered'),
  t('en', 'bot.error'),
  t('en', 'bot.unknown_command'),
  t('en', 'bot.forbidden'),
  'Sorry, that did not work',
].map((text) => text.slice(0, 20));
export const isRefusal = (text: string) => REFUSALS.some((prefix) => text.includes(prefix));

/** Nearest-rank percentile of unsorted values (0 for none). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

// ----------------------------------------------------------------------------------------------- Slack

export interface SlackLookup {
  /** The Slack user sending it (bound to an employee). */
  userId: string;
  /** What follows `/crm`: `find <name or phone>`. */
  text: string;
}

export interface SlackTarget {
  endpoint: string;
  signingSecret: string;
  /** The fake's base URL; each command's response_url is `<base>/resp/<id>`. */
  fakeUrl: string;
}

export interface WaveResult {
  ackMs: number[];
  /** Per command answered: arrival of its first answer at the fake − its send time. */
  answerMs: number[];
  non200: number;
  unanswered: number;
  refusals: number;
  /** Which way the answers came: `resp` (response_url) or a Web API method. */
  via: Record<string, number>;
  sample: string;
}

/** A slash command body as Slack sends it (form-urlencoded), and its v0 signature over those exact bytes. */
function signedCommand(target: SlackTarget, lookup: SlackLookup, responseId: string) {
  const body = new URLSearchParams({
    token: 'legacy-ignored',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: `D${lookup.userId.slice(1)}`,
    channel_name: 'directmessage',
    user_id: lookup.userId,
    user_name: lookup.userId.toLowerCase(),
    command: '/crm',
    text: lookup.text,
    api_app_id: 'A1',
    response_url: `${target.fakeUrl}/resp/${responseId}`,
    trigger_id: `trigger-${responseId}`,
  }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', target.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { body, timestamp, signature };
}

/** Fires every lookup at once (each signed beforehand), then waits for every answer (up to `answerWaitMs`). */
export async function slackWave(
  target: SlackTarget,
  fakes: ChildProcess,
  lookups: SlackLookup[],
  wave: string,
  answerWaitMs = 30_000,
): Promise<WaveResult> {
  await collect(fakes); // forget what came before this wave
  const requests = lookups.map((lookup, i) => ({
    lookup,
    id: `${wave}-${i}`,
    ...signedCommand(target, lookup, `${wave}-${i}`),
  }));
  const sentAt: number[] = [];
  const acks = await Promise.all(
    requests.map(async (request, i) => {
      sentAt[i] = now();
      const response = await fetch(target.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': request.timestamp,
          'x-slack-signature': request.signature,
        },
        body: request.body,
      });
      await response.arrayBuffer();
      return { status: response.status, ms: now() - sentAt[i]! };
    }),
  );
  const byResponseId = new Map(requests.map((request, i) => [request.id, i]));
  const byUser = new Map(requests.map((request, i) => [request.lookup.userId, i]));
  const answered = new Map<number, Arrival>();
  const until = now() + answerWaitMs;
  while (answered.size < requests.length && now() < until) {
    for (const arrival of await collect(fakes)) {
      // An answer comes on its response_url, or as a DM from the bot when respond is used up.
      const index =
        arrival.method === 'resp'
          ? byResponseId.get(arrival.target)
          : arrival.method === 'chat.postMessage'
            ? byUser.get(arrival.target)
            : undefined;
      if (index !== undefined && !answered.has(index)) answered.set(index, arrival);
    }
    if (answered.size < requests.length) await sleep(50);
  }
  const via: Record<string, number> = {};
  for (const arrival of answered.values()) via[arrival.method] = (via[arrival.method] ?? 0) + 1;
  const answers = [...answered.values()];
  return {
    // A refused or failed command was never acknowledged: it counts as infinitely late.
    ackMs: acks.map((ack) => (ack.status === 200 ? ack.ms : Number.POSITIVE_INFINITY)),
    answerMs: [...answered].map(([index, arrival]) => arrival.at - sentAt[index]!),
    non200: acks.filter((ack) => ack.status !== 200).length,
    unanswered: requests.length - answered.size,
    refusals: answers.filter((arrival) => isRefusal(arrival.text)).length,
    via,
    sample: answers.find((arrival) => !isRefusal(arrival.text))?.text.slice(0, 120) ?? '',
  };
}

// -------------------------------------------------------------------------------------------- Telegram

export interface TelegramLookup {
  /** The Telegram user (and their private chat) sending it, bound to an employee. */
  userId: number;
  /** `/find <name or phone>`. */
  text: string;
}

export interface TelegramTarget {
  webhookUrl: string;
  secretToken: string;
  /** Concurrent webhook connections, as setWebhook's max_connections (Telegram's default 40). */
  connections: number;
}

export interface BurstResult {
  /** First update sent → the last answer message of the burst at the fake. */
  totalMs: number;
  /** First update sent → every update's first answer at the fake. */
  allFirstAnswersMs: number;
  /** Per update: its first answer's arrival − its send time. */
  answerMs: number[];
  ackMs: number[];
  non200: number;
  unanswered: number;
  refusals: number;
  messages: number;
  sample: string;
}

let nextUpdateId = 1;

/** A Telegram Update as the Bot API posts it to a webhook: a private-chat text message with a command entity. */
function textUpdate(lookup: TelegramLookup): string {
  const command = lookup.text.split(/\s/)[0]!;
  return JSON.stringify({
    update_id: nextUpdateId++,
    message: {
      message_id: nextUpdateId,
      date: Math.floor(Date.now() / 1000),
      from: { id: lookup.userId, is_bot: false, first_name: 'Bench', language_code: 'en' },
      chat: { id: lookup.userId, type: 'private', first_name: 'Bench' },
      text: lookup.text,
      entities: [{ type: 'bot_command', offset: 0, length: command.length }],
    },
  });
}

/**
 * POSTs every update to the webhook over `connections` concurrent connections, then waits until each chat
 * got an answer and no message has come for `quietMs` (a reply of several messages is paced per chat).
 */
export async function telegramBurst(
  target: TelegramTarget,
  fakes: ChildProcess,
  lookups: TelegramLookup[],
  options: { answerWaitMs: number; quietMs?: number },
): Promise<BurstResult> {
  await collect(fakes);
  const bodies = lookups.map(textUpdate);
  const sentAt: number[] = [];
  const acks: { status: number; ms: number }[] = [];
  let next = 0;
  const started = now();
  const sender = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      sentAt[i] = now();
      const response = await fetch(target.webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': target.secretToken,
        },
        body: bodies[i]!,
      });
      await response.arrayBuffer();
      acks[i] = { status: response.status, ms: now() - sentAt[i]! };
    }
  };
  await Promise.all(Array.from({ length: Math.min(target.connections, bodies.length) }, sender));

  const byChat = new Map(lookups.map((lookup, i) => [String(lookup.userId), i]));
  const first = new Map<number, Arrival>();
  let last = started;
  let messages = 0;
  let lastArrivalSeen = now();
  const quietMs = options.quietMs ?? 2000;
  const until = started + options.answerWaitMs;
  for (;;) {
    const batch = await collect(fakes);
    for (const arrival of batch) {
      const index = byChat.get(arrival.target);
      if (index === undefined || arrival.method !== 'sendMessage') continue;
      messages += 1;
      last = Math.max(last, arrival.at);
      if (!first.has(index)) first.set(index, arrival);
    }
    if (batch.length > 0) lastArrivalSeen = now();
    const done = first.size === lookups.length && now() - lastArrivalSeen >= quietMs;
    if (done || now() > until) break;
    await sleep(100);
  }
  const answers = [...first.values()];
  return {
    totalMs: last - started,
    allFirstAnswersMs: answers.length > 0 ? Math.max(...answers.map((a) => a.at)) - started : 0,
    answerMs: [...first].map(([index, arrival]) => arrival.at - sentAt[index]!),
    ackMs: acks.map((ack) => ack.ms),
    non200: acks.filter((ack) => ack.status !== 200).length,
    unanswered: lookups.length - first.size,
    refusals: answers.filter((arrival) => isRefusal(arrival.text)).length,
    messages,
    sample: answers.find((arrival) => !isRefusal(arrival.text))?.text.slice(0, 120) ?? '',
  };
}
