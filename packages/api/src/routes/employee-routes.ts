import { Employee, NewEmployee, Role } from '@crm-bridge/core';
import {
  addEmployee,
  deactivateEmployee,
  getEmployee,
  listEmployees,
  setEmployeeRole,
} from '@crm-bridge/desk';
import { z } from 'zod';
import { QueryBoolean } from '../http/query-fields';
import { defineRoute } from '../http/route';

const tags = ['employees'];
const EmployeeId = z.object({ id: z.uuid() });

const list = defineRoute({
  method: 'GET',
  path: '/v1/employees',
  operationId: 'listEmployees',
  summary: 'The team by name (ids to assign tickets and set reminders for)',
  description: 'Not paged: a team is small. Deactivated employees only with includeInactive=true.',
  tags,
  scope: 'read',
  query: z.object({ includeInactive: QueryBoolean.default(false) }),
  response: z.strictObject({ items: z.array(Employee) }),
  handler: async ({ query }, { db, actor }) => ({
    items: await listEmployees(db, actor, { includeInactive: query.includeInactive }),
  }),
});

const read = defineRoute({
  method: 'GET',
  path: '/v1/employees/:id',
  operationId: 'getEmployee',
  summary: 'One employee',
  tags,
  scope: 'read',
  params: EmployeeId,
  response: Employee,
  errors: [404],
  handler: ({ params }, { db, actor }) => getEmployee(db, actor, params.id),
});

const add = defineRoute({
  method: 'POST',
  path: '/v1/employees',
  operationId: 'addEmployee',
  summary: 'Add an employee (admins)',
  tags,
  scope: 'admin',
  status: 201,
  body: NewEmployee,
  response: Employee,
  errors: [409],
  handler: ({ body }, { db, actor }) => addEmployee(db, actor, body),
});

const change = defineRoute({
  method: 'PATCH',
  path: '/v1/employees/:id',
  operationId: 'changeEmployee',
  summary: "Change an employee's role, or deactivate them with active: false (admins)",
  tags,
  scope: 'admin',
  params: EmployeeId,
  body: z
    .strictObject({ role: Role.optional(), active: z.literal(false).optional() })
    .refine((body) => body.role !== undefined || body.active !== undefined, 'Give role or active: false'),
  response: Employee,
  errors: [404, 409],
  handler: async ({ params, body }, { db, actor }) => {
    let employee = body.role ? await setEmployeeRole(db, actor, params.id, body.role) : undefined;
    if (body.active === false) employee = await deactivateEmployee(db, actor, params.id);
    return employee!;
  },
});

export const employeeRoutes = [list, read, add, change];
