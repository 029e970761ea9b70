import { TicketPriority, TicketStatus } from '@crm-bridge/core';
import {
  assignTicket,
  commentOnTicket,
  createTicket,
  getTicket,
  listTicketComments,
  listTickets,
  NewComment,
  NewTicket,
  TicketChanges,
  ticketHistory,
  transitionTicket,
  updateTicket,
} from '@crm-bridge/desk';
import { z } from 'zod';
import { RequestValidationError } from '../http/http-errors';
import { pageOf, pageQuery } from '../http/pagination';
import { QueryBoolean, queryList } from '../http/query-fields';
import { defineRoute } from '../http/route';
import { Ticket, TicketComment, TicketHistoryEntry } from '../schemas/desk-schemas';

const tags = ['tickets'];
const TicketRef = z.object({
  ref: z.string().min(1).max(100).meta({ description: 'A ticket id or its number, T-1042' }),
});
const page = (query: { limit: number; cursor?: string | undefined }) => ({
  limit: query.limit,
  ...(query.cursor ? { cursor: query.cursor } : {}),
});

const list = defineRoute({
  method: 'GET',
  path: '/v1/tickets',
  operationId: 'listTickets',
  summary: 'Tickets, newest first, by status, priority, assignee, customer and SLA state',
  tags,
  scope: 'read',
  query: z.object({
    status: queryList(TicketStatus).meta({ description: 'One or more: ?status=new,open' }),
    priority: queryList(TicketPriority),
    assigneeId: z
      .union([z.uuid(), z.enum(['me', 'none'])])
      .optional()
      .meta({ description: 'An employee id, me (the key’s employee) or none (unassigned)' }),
    profileId: z.uuid().optional().meta({ description: 'Only tickets of this customer' }),
    atRisk: QueryBoolean.optional(),
    breached: QueryBoolean.optional(),
    ...pageQuery,
  }),
  response: pageOf(Ticket),
  handler: async ({ query }, { db, actor }) => {
    if (query.assigneeId === 'me' && actor.employeeId === null) {
      throw new RequestValidationError([
        { path: 'query.assigneeId', message: 'This API key acts for no employee: give an employee id' },
      ]);
    }
    const assigneeId =
      query.assigneeId === 'me' ? actor.employeeId : query.assigneeId === 'none' ? null : query.assigneeId;
    return listTickets(
      db,
      actor,
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.priority ? { priority: query.priority } : {}),
        ...(query.assigneeId !== undefined ? { assigneeId } : {}),
        ...(query.profileId ? { profileId: query.profileId } : {}),
        ...(query.atRisk !== undefined ? { atRisk: query.atRisk } : {}),
        ...(query.breached !== undefined ? { breached: query.breached } : {}),
      },
      page(query),
    );
  },
});

const create = defineRoute({
  method: 'POST',
  path: '/v1/tickets',
  operationId: 'createTicket',
  summary: 'Open a ticket; its SLA due times follow its priority and the customer (VIP)',
  tags,
  scope: 'write',
  status: 201,
  body: NewTicket,
  response: Ticket,
  errors: [404, 409],
  handler: async ({ body }, { db, actor, desk, reply }) => {
    const ticket = await createTicket(db, actor, body, desk);
    reply.header('location', `/v1/tickets/${ticket.ref}`);
    return ticket;
  },
});

const read = defineRoute({
  method: 'GET',
  path: '/v1/tickets/:ref',
  operationId: 'getTicket',
  summary: 'One ticket with its SLA state',
  tags,
  scope: 'read',
  params: TicketRef,
  response: Ticket,
  errors: [404],
  handler: ({ params }, { db, actor }) => getTicket(db, actor, params.ref),
});

const update = defineRoute({
  method: 'PATCH',
  path: '/v1/tickets/:ref',
  operationId: 'updateTicket',
  summary:
    'Change subject, description, priority, customer or order (status and assignee have their own routes)',
  tags,
  scope: 'write',
  params: TicketRef,
  body: TicketChanges,
  response: Ticket,
  errors: [404, 409],
  handler: ({ params, body }, { db, actor, desk }) => updateTicket(db, actor, params.ref, body, desk),
});

const history = defineRoute({
  method: 'GET',
  path: '/v1/tickets/:ref/history',
  operationId: 'getTicketHistory',
  summary: "A ticket's full history, oldest first",
  tags,
  scope: 'read',
  params: TicketRef,
  query: z.object(pageQuery),
  response: pageOf(TicketHistoryEntry),
  errors: [404],
  handler: ({ params, query }, { db, actor }) => ticketHistory(db, actor, params.ref, page(query)),
});

const comments = defineRoute({
  method: 'GET',
  path: '/v1/tickets/:ref/comments',
  operationId: 'listTicketComments',
  summary: "A ticket's comments, oldest first",
  tags,
  scope: 'read',
  params: TicketRef,
  query: z.object(pageQuery),
  response: pageOf(TicketComment),
  errors: [404],
  handler: ({ params, query }, { db, actor }) => listTicketComments(db, actor, params.ref, page(query)),
});

const comment = defineRoute({
  method: 'POST',
  path: '/v1/tickets/:ref/comments',
  operationId: 'commentOnTicket',
  summary: 'Comment on a ticket: internal (the team) or public (a reply to the customer)',
  tags,
  scope: 'write',
  status: 201,
  params: TicketRef,
  body: NewComment,
  response: z.strictObject({ comment: TicketComment, ticket: Ticket }),
  errors: [404, 409],
  handler: ({ params, body }, { db, actor }) => commentOnTicket(db, actor, params.ref, body),
});

const assign = defineRoute({
  method: 'POST',
  path: '/v1/tickets/:ref/assign',
  operationId: 'assignTicket',
  summary: 'Assign a ticket to an employee, or unassign it with null',
  tags,
  scope: 'write',
  params: TicketRef,
  body: z.strictObject({ assigneeId: z.uuid().nullable() }),
  response: Ticket,
  errors: [404, 409],
  handler: ({ params, body }, { db, actor }) => assignTicket(db, actor, params.ref, body.assigneeId),
});

const transition = defineRoute({
  method: 'POST',
  path: '/v1/tickets/:ref/transition',
  operationId: 'transitionTicket',
  summary: 'Move a ticket to another status; an impossible move is a 409 that says why',
  tags,
  scope: 'write',
  params: TicketRef,
  body: z.strictObject({
    to: TicketStatus,
    reason: z.string().trim().max(2000).optional().meta({ description: 'Why, kept in the history' }),
  }),
  response: Ticket,
  errors: [404, 409],
  handler: ({ params, body }, { db, actor, desk }) =>
    transitionTicket(db, actor, params.ref, body.to, desk, body.reason ? { reason: body.reason } : {}),
});

export const ticketRoutes = [list, create, read, update, history, comments, comment, assign, transition];
