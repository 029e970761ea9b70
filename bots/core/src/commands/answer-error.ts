import { ConflictError, ForbiddenError, NotFoundError } from '@crm-bridge/core';
import { z } from 'zod';
import type { ChatContext } from '../chat-context';
import type { ChatReply } from '../chat-contract';
import { textReply } from './replies';

/**
 * The dispatcher's edge (STYLE.md §6): a refused, missing, conflicting or invalid request becomes a
 * polite answer in the employee's language; anything else is "something went wrong" and is rethrown
 * to the caller's logger by `onUnexpected`. Nothing was changed: the desk's writes are transactions.
 */
export function answerError(
  ctx: Pick<ChatContext, 't' | 'employee'>,
  error: unknown,
  onUnexpected: (error: unknown) => void,
): ChatReply {
  if (error instanceof ForbiddenError) return textReply(ctx.t('bot.forbidden', { role: ctx.employee.role }));
  if (error instanceof NotFoundError) return textReply(ctx.t('bot.not_found', { what: error.message }));
  if (error instanceof ConflictError) return textReply(ctx.t('bot.conflict', { reason: error.message }));
  if (error instanceof z.ZodError) {
    const [issue] = error.issues;
    return textReply(
      ctx.t('bot.invalid', { field: issue?.path.join('.') || '?', problem: issue?.message ?? String(error) }),
    );
  }
  onUnexpected(error);
  return textReply(ctx.t('bot.error'));
}
