/**
 * The Telegram block mark of an employee (employees.telegram_blocked_at): set when they block the bot
 * (my_chat_member "kicked", or a 403 on a send), cleared by their next message. Notifications to Telegram
 * wait while it is set.
 */
import { type DeskActor, setEmployeeChat } from '@crm-bridge/desk';
import { type Db, getEmployee } from '@crm-bridge/store';

export interface TelegramBlockMarks {
  markBlocked(employeeId: string, at: Date): Promise<void>;
  clearBlocked(employeeId: string): Promise<void>;
}

/** Block marks written with the desk's audited setEmployeeChat (which releases waiting notifications), the employee as actor on channel telegram. */
export function storeBlockMarks(db: Db): TelegramBlockMarks {
  // The employee themself, even when deactivated: a block mark is a fact about them, not an act of theirs.
  const actor = async (employeeId: string): Promise<DeskActor> => {
    const employee = await getEmployee(db, employeeId);
    return {
      kind: 'employee',
      id: employee.id,
      channel: 'telegram',
      role: employee.role,
      employeeId: employee.id,
      name: employee.name,
    };
  };
  return {
    async markBlocked(employeeId, at) {
      await setEmployeeChat(db, await actor(employeeId), employeeId, { telegramBlockedAt: at.toISOString() });
    },
    async clearBlocked(employeeId) {
      await setEmployeeChat(db, await actor(employeeId), employeeId, { telegramBlockedAt: null });
    },
  };
}
