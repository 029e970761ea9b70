/**
 * The Slack app: Bolt wired to the core. In `http` mode Bolt's own HTTPReceiver checks each request's
 * signature on the raw bytes and is mounted on the API server (registerSlackRoutes); in `socket` mode Bolt
 * holds a Socket Mode connection (no public URL). Listeners live in ./listeners, one file per surface.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChatBot } from '@crm-bridge/bot-core';
import { ConfigError, type Logger, type SlackBotConfig } from '@crm-bridge/core';
import { App, HTTPReceiver, webApi } from '@slack/bolt';
import { boltLogger } from './bolt-logger';
import { registerActionListener } from './listeners/action-listener';
import { registerCommandListener } from './listeners/command-listener';
import { registerFormListeners } from './listeners/form-listeners';
import { registerHomeListener } from './listeners/home-listener';
import {
  DEFAULT_COMMAND_LINES,
  type ListenerDeps,
  logFailure,
  type SlackCommandLines,
} from './listeners/listener-deps';
import { registerShortcutListeners } from './listeners/shortcut-listeners';
import { createSlackSender, type SlackSender } from './slack-sender';
import { platformErrorCode, webClientOptions } from './web-api-client';

/** Where Slack posts commands, interactivity and events in http mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppOptions {
  chatBot: ChatBot;
  config: SlackBotConfig;
  log: Logger;
  /** The Web API base (tests: the fake server's `http://127.0.0.1:<port>/api/`). @defaultValue Slack's */
  slackApiUrl?: string;
  /** Overrides config.mode. */
  mode?: 'socket' | 'http';
  /** The bot's ids when already known: skips the auth.test call at start (tests). */
  botIdentity?: { botId: string; botUserId: string };
  /** Web API call timeout. @defaultValue 10 s */
  timeoutMs?: number;
  /** The core's command lines behind shortcuts and the Home tab. @defaultValue DEFAULT_COMMAND_LINES */
  lines?: Partial<SlackCommandLines>;
}

/** A running (or mountable) Slack app. */
export interface SlackHandle {
  app: App;
  mode: 'socket' | 'http';
  /** http mode: Bolt's listener for POST /slack/events (signature check, parse, dispatch); mount it raw. */
  requestListener: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Delivers notifications as DMs from the bot. */
  sender: SlackSender;
  /** Socket mode: connects to Slack. http mode: nothing to do (the API server serves it). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the Slack app; checks the bot token with auth.test unless botIdentity is given. */
export async function createSlackApp(options: SlackAppOptions): Promise<SlackHandle> {
  const { config, log } = options;
  const mode = options.mode ?? config.mode;
  const clientOptions = webClientOptions({ slackApiUrl: options.slackApiUrl, timeoutMs: options.timeoutMs });
  const logger = boltLogger(log);
  const identity = options.botIdentity
    ? {
        tokenVerificationEnabled: false,
        botId: options.botIdentity.botId,
        botUserId: options.botIdentity.botUserId,
      }
    : {};
  let receiver: HTTPReceiver | undefined;
  let app: App;
  if (mode === 'http') {
    if (!config.signingSecret) throw new ConfigError('bots.slack.signingSecret is required in http mode');
    receiver = new HTTPReceiver({
      signingSecret: config.signingSecret.reveal(),
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processBeforeResponse: false,
    });
    app = new App({
      token: config.botToken.reveal(),
      receiver,
      logger,
      clientOptions,
      deferInitialization: true,
      ...identity,
    });
  } else {
    if (!config.appToken) throw new ConfigError('bots.slack.appToken is required in socket mode');
    app = new App({
      token: config.botToken.reveal(),
      appToken: config.appToken.reveal(),
      socketMode: true,
      logger,
      clientOptions,
      deferInitialization: true,
      ...identity,
    });
  }
  try {
    await app.init();
  } catch (error) {
    const code = platformErrorCode(error);
    if (
      code === 'invalid_auth' ||
      code === 'not_authed' ||
      code === 'token_revoked' ||
      code === 'account_inactive'
    )
      throw new ConfigError(`Slack refused bots.slack.botToken (${code})`, {
        code: 'slack.invalid_token',
        cause: error,
      });
    throw error;
  }

  const deps: ListenerDeps = {
    chatBot: options.chatBot,
    log: log.child({ component: 'slack' }),
    lines: { ...DEFAULT_COMMAND_LINES, ...options.lines },
  };
  registerCommandListener(app, deps);
  registerShortcutListeners(app, deps);
  registerFormListeners(app, deps);
  registerActionListener(app, deps);
  registerHomeListener(app, deps);
  app.error(async (error) => logFailure(deps.log, 'bolt', error));

  const sender = createSlackSender(
    new webApi.WebClient(config.botToken.reveal(), { ...clientOptions, logger }),
  );
  const listener = receiver?.requestListener;
  return {
    app,
    mode,
    requestListener: listener ? (req, res) => listener(req, res) : null,
    sender,
    start: async () => {
      if (mode === 'socket') await app.start();
    },
    stop: async () => {
      if (mode === 'socket') await app.stop();
    },
  };
}
