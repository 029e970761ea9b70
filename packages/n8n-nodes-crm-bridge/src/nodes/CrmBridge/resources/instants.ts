import { toInstant } from '../../../shared/time';
import { invalid, type OperationContext } from './operation';

/** An optional date parameter as an ISO instant (wall time read in the workflow's zone); undefined when empty. */
export function instantParam(ctx: OperationContext, value: unknown, label: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = value instanceof Date ? value.toISOString() : String(value);
  const instant = toInstant(text, ctx.fx.getTimezone());
  if (instant === null)
    throw invalid(ctx, `${label} is not a date: "${text}"`, 'Use ISO 8601, e.g. 2026-06-01T09:30:00Z');
  return instant;
}
