import type { ChatLanguage, Employee } from '@crm-bridge/core';
import { employeeActor, setEmployeeChat } from '@crm-bridge/desk';
import { searchProfiles } from '@crm-bridge/profiles';
import {
  findEmployee,
  findEmployeeBySlackId,
  findEmployeeByTelegramId,
  listEmployees,
} from '@crm-bridge/store';
import { redeemBindCode } from './binding/bind-codes';
import { type ChatBotDeps, type ChatContext, chatContext, chatSettings } from './chat-context';
import type { ChatBot, ChatReply, ChatRequest, ChatUser } from './chat-contract';
import { routeAction } from './commands/action-router';
import { answerError } from './commands/answer-error';
import { readCommand } from './commands/command-words';
import { submitForm } from './commands/form-submissions';
import { textReply } from './commands/replies';
import { routeText } from './commands/text-router';
import { languageOfHint, t } from './i18n/messages';
import { notificationView } from './views/notification-views';

/** How long an employee found by employeeFor stands for the same user object's next request. */
const RESOLVED_FOR_MS = 5000;

/** Options beyond the store and the config. */
export interface ChatBotOptions {
  /** Where unexpected errors go (the process logger); the user only gets "something went wrong". */
  onError?: (error: unknown) => void;
}

/**
 * The channel-neutral chat bot: resolves the employee bound to the chat user, then runs a command, a
 * button or a form through the desk use cases (role checked, audited with the channel) and answers
 * with views. Unbound users get "not registered" and nothing else (Telegram `start <code>` binds).
 */
export function createChatBot(deps: ChatBotDeps & ChatBotOptions): ChatBot {
  const settings = chatSettings(deps.config);
  const clock = deps.now ?? (() => new Date());
  const onError = deps.onError ?? (() => {});

  const languageFor = (employee: Employee | null, user: ChatUser): ChatLanguage =>
    employee?.language ?? languageOfHint(user.languageHint) ?? settings.defaultLanguage;

  /**
   * The employee found for a ChatUser object in the last moments: an adapter that checks the binding
   * (employeeFor) and then hands the same object to `handle` reads the store once per request, not twice.
   */
  const resolved = new WeakMap<ChatUser, { employee: Employee; at: number }>();

  async function employeeFor(user: ChatUser): Promise<Employee | null> {
    const employee = await readEmployee(user);
    if (employee) resolved.set(user, { employee, at: Date.now() });
    else resolved.delete(user);
    return employee;
  }

  /** The request's employee: the one employeeFor just found for this very user object, else a store read. */
  async function requestEmployee(user: ChatUser): Promise<Employee | null> {
    const recent = resolved.get(user);
    resolved.delete(user);
    if (recent && Date.now() - recent.at <= RESOLVED_FOR_MS) return recent.employee;
    return readEmployee(user);
  }

  async function readEmployee(user: ChatUser): Promise<Employee | null> {
    let found: Employee | null = null;
    if (user.channel === 'slack') {
      found = await findEmployeeBySlackId(deps.db, user.id);
      // Slack user ids are unique per workspace: a known workspace must match.
      if (found?.slackTeamId && user.teamId && found.slackTeamId !== user.teamId) found = null;
    } else if (user.channel === 'telegram') {
      found = /^\d{1,15}$/.test(user.id) ? await findEmployeeByTelegramId(deps.db, Number(user.id)) : null;
    } else {
      found = await findEmployee(deps.db, user.id);
    }
    return found?.active ? found : null;
  }

  async function unbound(request: ChatRequest): Promise<ChatReply> {
    const lang = languageFor(null, request.user);
    const command = request.input.kind === 'text' ? readCommand(request.input.text) : null;
    if (request.user.channel === 'telegram' && command?.name === 'start' && command.args) {
      const bound = await redeemBindCode(deps.db, command.args, Number(request.user.id), { now: clock() });
      if (bound) return textReply(t(bound.language ?? lang, 'bind.done', { name: bound.name }));
      return textReply(t(lang, 'bind.invalid'));
    }
    return textReply(t(lang, 'bot.not_registered'));
  }

  async function run(ctx: ChatContext, request: ChatRequest): Promise<ChatReply> {
    const input = request.input;
    if (input.kind === 'action') return routeAction(ctx, input.data);
    if (input.kind === 'form') return submitForm(ctx, input.form, input.values);
    return routeText(ctx, input.text);
  }

  return {
    employeeFor,

    async handle(request) {
      const employee = await requestEmployee(request.user);
      if (!employee) return unbound(request);
      const ctx = chatContext({
        db: deps.db,
        settings,
        employee,
        user: request.user,
        place: request.place,
        lang: languageFor(employee, request.user),
        now: clock(),
      });
      try {
        return await run(ctx, request);
      } catch (error) {
        return answerError(ctx, error, onError);
      }
    },

    async bindByEmail(user, email, timeZone) {
      if (user.channel !== 'slack') throw new Error('bindByEmail binds Slack users only');
      const wanted = email.trim().toLowerCase();
      const employee = (await listEmployees(deps.db)).find((e) => e.email?.toLowerCase() === wanted);
      if (!employee) return null;
      // An employee already bound to another Slack account is not taken over by a matching e-mail.
      const boundElsewhere =
        (employee.slackUserId !== null && employee.slackUserId !== user.id) ||
        (employee.slackTeamId !== null && user.teamId !== undefined && employee.slackTeamId !== user.teamId);
      if (boundElsewhere) return null;
      return setEmployeeChat(deps.db, employeeActor(employee, 'slack'), employee.id, {
        slackUserId: user.id,
        ...(user.teamId ? { slackTeamId: user.teamId } : {}),
        ...(timeZone && employee.timeZone === null ? { timeZone } : {}),
      });
    },

    async suggestCustomers(user, query) {
      const employee = await employeeFor(user);
      if (!employee || query.trim().length < 2) return [];
      const hits = await searchProfiles(deps.db, query, {
        defaultRegion: settings.defaultRegion,
        limit: 100,
      });
      return hits.map((hit) => ({ value: hit.profileId, label: hit.displayName.slice(0, 75) }));
    },

    async notificationView(topic, payload, employee) {
      const lang = employee.language ?? settings.defaultLanguage;
      return notificationView(
        { t: (key, vars) => t(lang, key, vars), lang, zone: employee.timeZone ?? settings.defaultTimeZone },
        topic,
        payload,
        employee,
      );
    },
  };
}
