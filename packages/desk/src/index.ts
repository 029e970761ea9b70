/** @crm-bridge/desk: the service desk use cases over the store. */

export {
  type ActorSummary,
  actorSummary,
  type DeskActor,
  employeeActor,
  storeActor,
  systemActor,
} from './actor';
export { auditDesk, type DeskAuditInput } from './audit';
export {
  addEmployee,
  deactivateEmployee,
  getEmployee,
  listEmployees,
  setEmployeeChat,
  setEmployeeRole,
} from './employees/employees';
export {
  EVENT_TOPICS,
  type EventPayloads,
  type EventTopic,
  emitEvent,
  emitSyncRunEvent,
  isEventTopic,
  type SlaClockName,
  type SyncRunSummary,
  type TicketEventSummary,
} from './events';
export { addNote, NewNote, type NoteView } from './notes/notes';
export { type TimelineEntry, timeline } from './notes/timeline';
export * from './notifications/index';
export { MAX_PAGE_SIZE, type Page, PageRequest } from './paging';
export { authorize, can, DESK_ACTIONS, type DeskAction, PERMISSIONS, requiredRole } from './permissions';
export {
  keepCustomersApart,
  mergeCustomers,
  type ProfileDecision,
  splitCustomerRecord,
  undoCustomerMerge,
} from './profiles/profile-decisions';
export { type DormantSweepResult, dormantSweep } from './reminders/dormant-sweep';
export { type CustomerFacts, ruleMatches, ruleOwner } from './reminders/owner-rules';
export { dueReminders, getReminder, listReminders, ReminderFilter } from './reminders/reminder-queries';
export type { ReminderView } from './reminders/reminder-rows';
export {
  deliverDueReminder,
  type ReminderDelivery,
  type ReminderState,
  reminderDueSweep,
  reminderStates,
} from './reminders/reminder-sweep';
export {
  cancelReminder,
  completeReminder,
  createReminder,
  NewReminder,
  snoozeReminder,
} from './reminders/reminders';
export { type DeskReport, deskReport, deskReportLines } from './report/desk-report';
export { type AtTime, type DeskSettings, deskSettings } from './settings';
export {
  addBusinessTime,
  type BusinessCalendar,
  type BusinessHours,
  businessCalendar,
  businessTimeBetween,
} from './tickets/business-calendar';
export { type SlaSweepResult, slaSweep } from './tickets/sla-sweep';
export { assignTicket } from './tickets/ticket-assign';
export {
  commentOnTicket,
  listTicketComments,
  NewComment,
  type TicketComment,
} from './tickets/ticket-comments';
export { OrderRef } from './tickets/ticket-customer';
export { formatTicketNumber, parseTicketNumber } from './tickets/ticket-number';
export {
  getTicket,
  listTickets,
  TicketFilter,
  type TicketHistoryEntry,
  ticketHistory,
} from './tickets/ticket-queries';
export type { TicketView } from './tickets/ticket-rows';
export {
  atRiskAfter,
  type SlaClockState,
  type SlaPolicy,
  type SlaSchedule,
  type SlaTarget,
  type StoredSla,
  slaPolicy,
  slaSchedule,
  slaState,
  slaTargets,
  type TicketSla,
} from './tickets/ticket-sla';
export { reopenTicket, transitionTicket } from './tickets/ticket-status';
export {
  canTransition,
  checkTransition,
  TICKET_TRANSITIONS,
  transitionRefusal,
} from './tickets/ticket-transitions';
export { createTicket, NewTicket, TicketChanges, updateTicket } from './tickets/tickets';
export { fanOutEvents } from './webhooks/delivery-queue';
export * from './webhooks/index';
