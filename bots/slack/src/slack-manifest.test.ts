import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatBot } from '@crm-bridge/bot-core';
import { createLogger, SlackBotConfig } from '@crm-bridge/core';
import { App } from '@slack/bolt';
import { parse } from 'yaml';
import { createSlackApp } from './slack-app';
import { FakeSlack } from './testing/index';

interface Manifest {
  display_information: { name: string };
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: Array<{ command: string; description: string; usage_hint?: string }>;
    shortcuts: Array<{ name: string; type: 'global' | 'message'; callback_id: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(join(__dirname, '../../../config/slack-manifest.yml'), 'utf8'),
) as Manifest;

const idle: ChatBot = {
  handle: async () => ({ messages: [] }),
  employeeFor: async () => null,
  bindByEmail: async () => null,
  suggestCustomers: async () => [],
  notificationView: async () => ({ blocks: [], summary: '' }),
};

/** What createSlackApp registers with Bolt, read off Bolt's own registration methods. */
async function registrations(mode: 'http' | 'socket') {
  const seen = { commands: [] as unknown[], shortcuts: [] as unknown[], events: [] as unknown[] };
  const spies = [
    jest.spyOn(App.prototype, 'command').mockImplementation(function (this: App, id: unknown) {
      seen.commands.push(id);
      return this;
    } as never),
    jest.spyOn(App.prototype, 'shortcut').mockImplementation(function (this: App, id: unknown) {
      seen.shortcuts.push(id);
      return this;
    } as never),
    jest.spyOn(App.prototype, 'event').mockImplementation(function (this: App, id: unknown) {
      seen.events.push(id);
      return this;
    } as never),
  ];
  const slack = await new FakeSlack().start();
  try {
    await createSlackApp({
      chatBot: idle,
      config: SlackBotConfig.parse({
        mode,
        botToken: 'xoxb-1-2',
        appToken: 'xapp-1-2',
        signingSecret: 'manifest-test-secret',
      }),
      log: createLogger({ level: 'silent' }),
      slackApiUrl: slack.apiUrl,
    });
  } finally {
    for (const spy of spies) spy.mockRestore();
    await slack.stop();
  }
  return seen;
}

describe('config/slack-manifest.yml', () => {
  it('declares every command, shortcut and event the app registers', async () => {
    const seen = await registrations('http');
    const commands = manifest.features.slash_commands.map((command) => command.command);
    expect(seen.commands.length).toBeGreaterThan(0);
    for (const command of seen.commands) expect(commands).toContain(command);
    expect(seen.shortcuts).toHaveLength(3);
    for (const constraint of seen.shortcuts as Array<{ type: string; callback_id: string }>) {
      const declared = manifest.features.shortcuts.find(
        (shortcut) => shortcut.callback_id === constraint.callback_id,
      );
      expect(declared?.type).toBe(constraint.type === 'message_action' ? 'message' : 'global');
    }
    for (const event of seen.events)
      expect(manifest.settings.event_subscriptions.bot_events).toContain(event);
  });

  it('names the shortcuts as the product does', () => {
    expect(manifest.features.shortcuts.map((shortcut) => [shortcut.type, shortcut.name])).toEqual([
      ['global', 'New ticket'],
      ['global', 'New reminder'],
      ['message', 'Create ticket from message'],
    ]);
  });

  it('asks for the scopes, event and features the listeners need', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'users:read.email']),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('keeps within the manifest limits Slack enforces', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.features.shortcuts.length).toBeLessThanOrEqual(10);
    for (const command of manifest.features.slash_commands) {
      expect(command.command.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(2000);
      expect((command.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    }
  });

  it('registers the same listeners in socket mode', async () => {
    const http = await registrations('http');
    const socket = await registrations('socket');
    expect(socket).toEqual(http);
  });
});
