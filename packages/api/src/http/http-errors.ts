import { CrmError } from '@crm-bridge/core';
import type { z } from 'zod';

/** No API key, or one that is forged, expired or revoked: 401 with `WWW-Authenticate: Bearer`. */
export class UnauthorizedError extends CrmError {
  /** `missing` when no key was sent (RFC 6750 says: no error code then). */
  readonly reason: 'missing' | 'invalid';
  constructor(message: string, reason: 'missing' | 'invalid' = 'invalid') {
    super('api.unauthorized', message, 'none');
    this.reason = reason;
  }
}

/** One problem with the request, at a path such as `body.title` or `query.limit`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The request's params, query or body do not match the route's schemas: 400 with every issue. */
export class RequestValidationError extends CrmError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super('api.invalid_request', 'The request is not valid: see errors', 'none', {
      details: { issues },
    });
    this.issues = issues;
  }
}

/** `body.items[0].name` from a location and a zod issue path. */
export function issuePath(location: string | null, path: readonly PropertyKey[]): string {
  let text = location ?? '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** zod issues as field issues under a location (`body`, `query`, `params`; null for a use case's own parse). */
export function fieldIssues(location: string | null, issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ path: issuePath(location, issue.path), message: issue.message }));
}
