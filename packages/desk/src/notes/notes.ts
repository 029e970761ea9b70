import { NoteKind, StoredText, Timestamp } from '@crm-bridge/core';
import { profileRef } from '@crm-bridge/profiles';
import type { Db } from '@crm-bridge/store';
import { z } from 'zod';
import type { DeskActor } from '../actor';
import { auditDesk, preview } from '../audit';
import { authorize } from '../permissions';
import type { AtTime } from '../settings';

/** A note on a customer: what was said on a call, at a meeting, in an e-mail, or anything else. */
export const NewNote = z.strictObject({
  kind: NoteKind.default('note'),
  body: StoredText.trim().min(1).max(20_000),
  /** When it happened; now when left out. */
  occurredAt: z.union([z.date(), Timestamp.transform((text) => new Date(text))]).optional(),
});
export type NewNote = z.input<typeof NewNote>;

export interface NoteView {
  id: string;
  profileId: string;
  kind: string;
  body: string;
  author: { id: string; name: string } | null;
  channel: string;
  occurredAt: string;
  createdAt: string;
}

/** Adds a note to a customer's timeline (a merged id writes to the surviving profile). */
export async function addNote(
  db: Db,
  actor: DeskActor,
  profileId: string,
  input: NewNote,
  options: AtTime = {},
): Promise<NoteView> {
  authorize(actor, 'notes.write');
  const data = NewNote.parse(input);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const profile = await profileRef(tx, profileId);
    const [row] = await tx.query<{
      id: string;
      profile_id: string;
      kind: string;
      body: string;
      channel: string;
      occurred_at: Date;
      created_at: Date;
    }>(
      `INSERT INTO interactions (profile_id, kind, body, author_id, channel, occurred_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, profile_id, kind, body, channel, occurred_at, created_at`,
      [profile.id, data.kind, data.body, actor.employeeId, actor.channel, data.occurredAt ?? now, now],
    );
    const note: NoteView = {
      id: row!.id,
      profileId: row!.profile_id,
      kind: row!.kind,
      body: row!.body,
      author: actor.employeeId === null ? null : { id: actor.employeeId, name: actor.name },
      channel: row!.channel,
      occurredAt: row!.occurred_at.toISOString(),
      createdAt: row!.created_at.toISOString(),
    };
    await auditDesk(tx, actor, {
      action: 'note.added',
      target: { kind: 'profile', id: profile.id },
      after: { noteId: note.id, kind: note.kind, occurredAt: note.occurredAt, body: preview(note.body) },
    });
    return note;
  });
}
