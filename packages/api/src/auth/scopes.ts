import { type Role, roleAllows } from '@crm-bridge/core';
import { z } from 'zod';

/**
 * What an API key may call. `read` reads everything but employees and webhooks; `write` adds the desk's
 * writes (tickets, reminders, notes, merges); `sync` starts and cancels sync runs; `admin` manages
 * employees and webhooks and implies every other scope.
 */
export const Scope = z.enum(['read', 'write', 'sync', 'admin']);
export type Scope = z.infer<typeof Scope>;

const implied: Record<Scope, readonly Scope[]> = {
  read: ['read'],
  write: ['read', 'write'],
  sync: ['read', 'sync'],
  admin: ['read', 'write', 'sync', 'admin'],
};

/** True when keys with `granted` scopes may call a route that needs `required`. */
export function scopeAllows(granted: readonly Scope[], required: Scope): boolean {
  return granted.some((scope) => implied[scope].includes(required));
}

/**
 * The role a key's scopes give it: admin with `admin`, manager with `write`, else viewer. A key without an
 * employee is an integration: its desk writes are on behalf of others (assigning, reminding someone), which
 * the desk reserves to managers. A key linked to an employee is capped at this.
 */
export function roleCap(scopes: readonly Scope[]): Role {
  if (scopes.includes('admin')) return 'admin';
  return scopes.includes('write') ? 'manager' : 'viewer';
}

/**
 * The role a key acts with: its linked employee's role capped by its scopes, or for a key of its own
 * the scopes' role (roleCap).
 */
export function keyRole(scopes: readonly Scope[], employeeRole: Role | null): Role {
  const cap = roleCap(scopes);
  if (employeeRole === null) return cap;
  return roleAllows(cap, employeeRole) ? employeeRole : cap;
}
