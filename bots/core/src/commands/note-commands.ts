import { addNote } from '@crm-bridge/desk';
import { encodeAction } from '../actions/action-codec';
import type { ChatContext } from '../chat-context';
import type { ChatReply } from '../chat-contract';

/** Adds a note to a customer's timeline (the desk checks the role and audits it with the channel). */
export async function noteOn(ctx: ChatContext, profileId: string, body: string): Promise<ChatReply> {
  const note = await addNote(ctx.db, ctx.actor, profileId, { body }, { now: ctx.now });
  const [row] = await ctx.db.query<{ display_name: string }>(
    `SELECT display_name FROM profiles WHERE id = $1`,
    [note.profileId],
  );
  const text = ctx.t('note.added', { name: row?.display_name ?? note.profileId });
  return {
    messages: [
      {
        summary: text,
        blocks: [{ type: 'line', spans: [text] }],
        buttons: [
          [
            { label: ctx.t('button.card'), action: encodeAction('card', note.profileId) },
            { label: ctx.t('button.timeline'), action: encodeAction('timeline', note.profileId, 0) },
          ],
        ],
      },
    ],
  };
}
