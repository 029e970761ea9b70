/**
 * Who is writing, and from where, in the core's words; and the one-time match of a Slack user to an employee
 * by the e-mail on their Slack profile (users.info, scope users:read.email). Nothing is cached here: the core
 * reads the binding from the store on every request.
 */
import type { ChatBot, ChatPlace, ChatUser } from '@crm-bridge/bot-core';
import type { Logger } from '@crm-bridge/core';
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

/**
 * Makes sure the Slack user is bound to an employee if one has their e-mail: an already bound user costs
 * one store read; an unknown one a users.info call and the core's bindByEmail. Returns whether bound.
 */
export async function bindSlackUser(
  deps: { chatBot: ChatBot; log: Logger },
  client: webApi.WebClient,
  user: ChatUser,
): Promise<boolean> {
  if ((await deps.chatBot.employeeFor(user)) !== null) return true;
  let profile: UsersInfoUser | undefined;
  try {
    const answer = await withRateLimitRetry(() => client.users.info({ user: user.id }), { maxWaitMs: 5000 });
    profile = answer.user as UsersInfoUser | undefined;
  } catch (error) {
    // Not fatal: the core answers "not registered" and the user can ask an admin to bind them.
    deps.log.warn(
      { slackUser: user.id, code: platformErrorCode(error) ?? (error as Error).name },
      'users.info failed; the Slack user stays unbound',
    );
    return false;
  }
  const email = profile?.profile?.email;
  if (!email || profile?.deleted || profile?.is_bot) return false;
  const employee = await deps.chatBot.bindByEmail(user, email, profile?.tz);
  if (employee !== null)
    deps.log.info({ slackUser: user.id, employee: employee.id }, 'Slack user bound by e-mail');
  return employee !== null;
}
