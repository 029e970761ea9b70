import { ForbiddenError, type Role } from '@crm-bridge/core';
import { authorize, can, DESK_ACTIONS, type DeskAction, PERMISSIONS } from './permissions';

const as = (role: Role) => ({ role });

describe('the permission table', () => {
  const expected: Record<Role, DeskAction[]> = {
    viewer: ['customers.read', 'tickets.read', 'employees.read', 'sync.read'],
    agent: [
      'customers.read',
      'tickets.read',
      'employees.read',
      'sync.read',
      'tickets.write',
      'notes.write',
      'reminders.own',
    ],
    manager: [
      'customers.read',
      'tickets.read',
      'employees.read',
      'sync.read',
      'tickets.write',
      'notes.write',
      'reminders.own',
      'tickets.assign',
      'reminders.any',
      'profiles.merge',
      'audit.read',
    ],
    admin: [...DESK_ACTIONS],
  };

  it.each(Object.keys(expected) as Role[])('gives a %s exactly its actions', (role) => {
    expect(DESK_ACTIONS.filter((action) => can(as(role), action))).toEqual(expected[role]);
  });

  it('lets a viewer read and write nothing', () => {
    const writes = DESK_ACTIONS.filter((action) => !action.endsWith('.read'));
    for (const action of writes) expect(can(as('viewer'), action)).toBe(false);
  });

  it('names the role, the action and the role needed when it refuses', () => {
    expect(() => authorize(as('agent'), 'tickets.assign')).toThrow(ForbiddenError);
    expect(() => authorize(as('agent'), 'tickets.assign')).toThrow(
      'an agent may not tickets.assign; it needs manager or above',
    );
    try {
      authorize(as('viewer'), 'tickets.write');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'desk.forbidden',
        details: { role: 'viewer', action: 'tickets.write', required: 'agent' },
      });
    }
    expect(() => authorize(as('admin'), 'webhooks.manage')).not.toThrow();
  });

  it('has one entry per action, each with a role', () => {
    expect(Object.keys(PERMISSIONS)).toEqual(DESK_ACTIONS);
  });
});
