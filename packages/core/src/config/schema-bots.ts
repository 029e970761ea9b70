/** `bots:` in crm-bridge.yaml: the Slack app and the Telegram bot. Leave a block out to run without that bot. */
import { z } from 'zod';
import { flag, HttpUrl, TimeZone } from './schema-fields';
import { secret } from './secret';

export const SlackBotConfig = z
  .strictObject({
    enabled: flag(z.boolean().default(true)),
    mode: z.enum(['socket', 'http']).default('socket').meta({
      description:
        'socket = Socket Mode (no public URL, needs appToken); http = Events API at the api publicUrl',
    }),
    botToken: secret(
      'Bot User OAuth Token (xoxb-…)',
      z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'Expected a bot token starting with xoxb-'),
    ),
    appToken: secret(
      'App-level token for Socket Mode (xapp-…)',
      z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'Expected an app-level token starting with xapp-'),
    ).optional(),
    signingSecret: secret('Signing secret (Basic Information); verifies requests in http mode').optional(),
    apiUrl: HttpUrl.optional().meta({
      description: 'Web API base; default https://slack.com/api/ (GovSlack: https://slack-gov.com/api/)',
    }),
  })
  .superRefine((slack, ctx) => {
    if (slack.mode === 'socket' && slack.appToken === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required in socket mode', path: ['appToken'] });
    }
    if (slack.mode === 'http' && slack.signingSecret === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required in http mode', path: ['signingSecret'] });
    }
  });
export type SlackBotConfig = z.infer<typeof SlackBotConfig>;

export const TelegramBotConfig = z
  .strictObject({
    enabled: flag(z.boolean().default(true)),
    mode: z
      .enum(['polling', 'webhook'])
      .default('polling')
      .meta({ description: 'polling = long polling (no public URL); webhook = Telegram calls webhookUrl' }),
    botToken: secret(
      'Token from @BotFather (<digits>:<token>)',
      z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'Expected a token from @BotFather such as 123456789:AA…'),
    ),
    apiRoot: HttpUrl.optional().meta({
      description: 'Bot API server; default https://api.telegram.org (or a local telegram-bot-api server)',
    }),
    webhookUrl: HttpUrl.optional().meta({
      description: 'Public https URL Telegram posts updates to (webhook mode)',
    }),
    botUsername: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, 'Expected the bot username from @BotFather, without @')
      .optional()
      .meta({
        description:
          "The bot's username (without @): binding links are https://t.me/<botUsername>?start=<code>",
      }),
    webhookSecret: secret(
      'Sent by Telegram in X-Telegram-Bot-Api-Secret-Token; 1-256 of A-Z a-z 0-9 _ -',
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'Expected 1-256 characters from A-Z, a-z, 0-9, _ and -'),
    ).optional(),
  })
  .superRefine((telegram, ctx) => {
    if (telegram.mode === 'webhook' && telegram.webhookUrl === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required in webhook mode', path: ['webhookUrl'] });
    }
    if (telegram.mode === 'webhook' && telegram.webhookSecret === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'required in webhook mode: the only proof that an update comes from Telegram',
        path: ['webhookSecret'],
      });
    }
    if (telegram.webhookUrl !== undefined && !telegram.webhookUrl.startsWith('https://')) {
      ctx.addIssue({
        code: 'custom',
        message: 'Telegram only calls https:// webhooks',
        path: ['webhookUrl'],
      });
    }
  });
export type TelegramBotConfig = z.infer<typeof TelegramBotConfig>;

/** A group chat where cards may show phones and e-mails (personal data is hidden in groups otherwise). */
export const GroupChatConfig = z.strictObject({
  channel: z.enum(['slack', 'telegram']),
  chatId: z
    .union([z.string().min(1), z.int()])
    .transform(String)
    .meta({ description: 'Slack channel id (C…) or Telegram chat id (-100…)' }),
  showPersonalData: flag(z.boolean().default(false)),
});
export type GroupChatConfig = z.infer<typeof GroupChatConfig>;

export const BotsConfig = z
  .strictObject({
    defaultTimeZone: TimeZone.default('UTC').meta({
      description: 'Time zone for reading and showing times of employees who have not set their own',
    }),
    defaultLanguage: z.enum(['en', 'ru']).default('en').meta({
      description: 'Language of bot messages for employees who have not chosen one (and give no chat hint)',
    }),
    groupChats: z.array(GroupChatConfig).default([]).meta({
      description: 'Group chats allowed to see personal data (phones, e-mails) on customer cards',
    }),
    slack: SlackBotConfig.optional(),
    telegram: TelegramBotConfig.optional(),
  })
  .prefault({});
export type BotsConfig = z.infer<typeof BotsConfig>;
