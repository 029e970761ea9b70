/**
 * Who is writing, and from where, in the core's words; the one-time match of a Slack user to an employee
 * by the e-mail on their Slack profile (users.info, scope users:read.email); and the language to speak to
 * them in. Nothing is cached here: the core reads the binding from the store on every request.
 */
import { type ChatBot, type ChatPlace, type ChatUser, languageOfHint } from '@crm-bridge/bot-core';
import type { ChatLanguage, Employee, Logger } from '@crm-bridge/core';
import type { webApi } from '@slack/bolt';
import { platformErrorCode, withRateLimitRetry } from './web-api-client';

/** The chat user of a Slack user id in a workspace. */
export function slackUser(userId: string, teamId?: string | null, locale?: string): ChatUser {
  return {
    channel: 'slack',
    id: userId,
    ...(teamId ? { teamId } : {}),
    ...(locale ? { languageHint: locale.slice(0, 2).toLowerCase() } : {}),
  };
}

/** A DM with the app (D…) or no channel at all (shortcut, App Home) is private; anything else is a group. */
export function slackPlace(channelId: string | undefined | null, userId: string): ChatPlace {
  if (!channelId) return { id: userId, kind: 'private' };
  return { id: channelId, kind: channelId.startsWith('D') ? 'private' : 'group' };
}

interface UsersInfoUser {
  deleted?: boolean;
  is_bot?: boolean;
  tz?: string;
  locale?: string;
  profile?: { email?: string };
}

/** The Slack user after bindSlackUser: the bound employee (or null) and the user with their Slack locale. */
export interface BoundSlackUser {
  employee: Employee | null;
  user: ChatUser;
}

/**
 * Makes sure the Slack user is bound to an employee if one has their e-mail: an already bound user costs
 * one store read; an unknown one a users.info call and the core's bindByEmail. Slow for a new user: run
 * it after any views.open, never before.
 */
export async function bindSlackUser(
  deps: { chatBot: ChatBot; log: Logger },
  client: webApi.WebClient,
  user: ChatUser,
): Promise<BoundSlackUser> {
  const known = await deps.chatBot.employeeFor(user);
  if (known !== null) return { employee: known, user };
  let profile: UsersInfoUser | undefined;
  try {
    const answer = await withRateLimitRetry(
      () => client.users.info({ user: user.id, include_locale: true }),
      { maxWaitMs: 5000 },
    );
    profile = answer.user as UsersInfoUser | undefined;
  } catch (error) {
    // Not fatal: the core answers "not registered" and the user can ask an admin to bind them.
    deps.log.warn(
      { slackUser: user.id, code: platformErrorCode(error) ?? (error as Error).name },
      'users.info failed; the Slack user stays unbound',
    );
    return { employee: null, user };
  }
  // The locale speaks for a user who stays unbound ("not registered" in their language).
  const withLocale = profile?.locale ? slackUser(user.id, user.teamId, profile.locale) : user;
  const email = profile?.profile?.email;
  if (!email || profile?.deleted || profile?.is_bot) return { employee: null, user: withLocale };
  const employee = await deps.chatBot.bindByEmail(withLocale, email, profile?.tz);
  if (employee !== null)
    deps.log.info({ slackUser: user.id, employee: employee.id }, 'Slack user bound by e-mail');
  return { employee, user: withLocale };
}

/** The language for a Slack user: the employee's own, else their Slack locale, else English. */
export function languageFor(employee: Employee | null, user: ChatUser): ChatLanguage {
  return employee?.language ?? languageOfHint(user.languageHint) ?? 'en';
}

/** How long a fast surface (a loading modal, an ack) waits for the store to say the employee's language. */
const LANGUAGE_BUDGET_MS = 50;

/**
 * The language for a surface that must go out at once: one store read (no users.info), given at most
 * LANGUAGE_BUDGET_MS; past that, or on a store error, the Slack locale or English.
 */
export async function quickLanguage(deps: { chatBot: ChatBot }, user: ChatUser): Promise<ChatLanguage> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LANGUAGE_BUDGET_MS);
  });
  try {
    const employee = await Promise.race([deps.chatBot.employeeFor(user).catch(() => null), late]);
    return languageFor(employee, user);
  } finally {
    clearTimeout(timer);
  }
}
