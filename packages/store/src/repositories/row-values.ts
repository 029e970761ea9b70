/** Small converters row mappers share: timestamps leave the store as ISO strings, like the domain types. */

/** A timestamptz as an ISO 8601 UTC string. */
export function iso(value: Date): string {
  return value.toISOString();
}

/** A nullable timestamptz as an ISO string or null. */
export function isoOrNull(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** A numeric (which both drivers return as text, exactly) as a JS number for the domain types. */
export function decimal(value: string): number {
  return Number(value);
}

/** An int8 count or id: a JS number within 2^53, which any row count here is. */
export function count(value: number | bigint | string): number {
  return Number(value);
}

/** Postgres unique-violation error code, as both drivers report it. */
export const uniqueViolation = '23505';

/** The SQLSTATE and constraint name of a driver error, when it is one. */
export function pgErrorInfo(error: unknown): { code?: string; constraint?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return {
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof constraint === 'string' ? { constraint } : {}),
  };
}
