import { Writable } from 'node:stream';
import { createLogger, type Employee, type Logger, type Role } from '@crm-bridge/core';
import { type DeskActor, employeeActor } from '@crm-bridge/desk';
import { type Db, getEmployee, migrate } from '@crm-bridge/store';
import { openTestDb, type TestDb } from '@test/support/stores';
import type { ChatSender, ChatView, SendOutcome } from '../chat-contract';
import { ChatRateGuard } from './chat-rate-guard';

/** One migrated database per test file and driver; every test starts from empty tables. */
export function useChatDb(driver: 'pglite' | 'postgres'): () => Db {
  let handle: TestDb;
  beforeAll(async () => {
    handle = await openTestDb(driver);
    await migrate(handle.db);
  }, 120_000);
  beforeEach(() => emptyTables(handle.db));
  afterAll(() => handle?.cleanup());
  return () => handle.db;
}

export async function emptyTables(db: Db): Promise<void> {
  const tables = await db.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  await db.exec(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** An employee written straight to the table with their chat accounts, and their desk actor. */
export async function person(
  db: Db,
  name: string,
  chat: { role?: Role; slack?: string; telegram?: number; notifyVia?: 'slack' | 'telegram' | 'both' } = {},
): Promise<{ employee: Employee; actor: DeskActor }> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO employees (name, role, slack_user_id, telegram_user_id, notify_via)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [name, chat.role ?? 'agent', chat.slack ?? null, chat.telegram ?? null, chat.notifyVia ?? 'both'],
  );
  const employee = await getEmployee(db, row!.id);
  return { employee, actor: employeeActor(employee, 'slack') };
}

/** One call a recording sender got. */
export interface SentMessage {
  employeeId: string;
  summary: string;
  at: number;
}

type Answer = SendOutcome | Error;

/**
 * A ChatSender that records what it is asked to send and answers from a script (then "sent"), as the
 * Slack and Telegram senders answer from their platforms: sent, retry (429), unreachable (403), failed (400).
 */
export class RecordingSender implements ChatSender {
  readonly sent: SentMessage[] = [];
  readonly calls: SentMessage[] = [];
  private readonly answers: Answer[] = [];
  private count = 0;

  constructor(
    readonly channel: 'slack' | 'telegram',
    private readonly delayMs = 0,
  ) {}

  /** Queues the answers of the next calls. */
  answer(...answers: Answer[]): this {
    this.answers.push(...answers);
    return this;
  }

  reachable(employee: Employee): boolean {
    return this.channel === 'slack'
      ? employee.slackUserId !== null
      : employee.telegramUserId !== null && employee.telegramBlockedAt === null;
  }

  async send(employee: Employee, view: ChatView): Promise<SendOutcome> {
    const call = { employeeId: employee.id, summary: view.summary, at: Date.now() };
    this.calls.push(call);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const answer = this.answers.shift() ?? { kind: 'sent', ref: this.ref(employee) };
    if (answer instanceof Error) throw answer;
    if (answer.kind === 'sent') this.sent.push(call);
    return answer;
  }

  private ref(employee: Employee): Record<string, string | number> {
    this.count += 1;
    return this.channel === 'slack'
      ? { channel: `D${employee.slackUserId}`, ts: `1700000000.${String(this.count).padStart(6, '0')}` }
      : { chatId: employee.telegramUserId ?? 0, messageId: this.count };
  }
}

/** A view of an event as the ChatBot would make it: the summary names the topic and what it is about. */
export async function testView(topic: string, payload: unknown): Promise<ChatView> {
  const data = payload as {
    reminder?: { id: string; text: string };
    ticket?: { id: string; number: string };
  };
  if (data.reminder) {
    return {
      blocks: [{ type: 'line', spans: [data.reminder.text] }],
      summary: `${topic} ${data.reminder.text}`,
      subject: { kind: 'reminder', id: data.reminder.id },
    };
  }
  if (data.ticket) {
    return {
      blocks: [{ type: 'line', spans: [data.ticket.number] }],
      summary: `${topic} ${data.ticket.number}`,
      subject: { kind: 'ticket', id: data.ticket.id },
    };
  }
  return { blocks: [], summary: topic };
}

/** The real logger writing into an array, to check what reached the log. */
export function recordingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}

/** A rate guard that never waits (tests that are not about pacing). */
export const noPacing = () =>
  new ChatRateGuard({ slack: { perChatMs: 0, overallMs: 0 }, telegram: { perChatMs: 0, overallMs: 0 } });

/** The notification rows with the employee's name, oldest event first. */
export async function notificationRows(db: Db) {
  return db.query<{
    employee: string;
    channel: string;
    status: string;
    attempt: number;
    error: string | null;
    next_attempt_at: Date | null;
    message_ref: Record<string, unknown> | null;
  }>(
    `SELECT e.name AS employee, n.channel, n.status, n.attempt, n.error, n.next_attempt_at, n.message_ref
     FROM chat_notifications n JOIN employees e ON e.id = n.employee_id ORDER BY n.outbox_id, e.name, n.channel`,
  );
}
