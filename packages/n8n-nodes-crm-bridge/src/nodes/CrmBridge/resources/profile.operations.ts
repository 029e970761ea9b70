import { segment } from '../../../shared/transport';
import { compact, invalid, type Operation, param, requiredString } from './operation';

const merge: Operation = (ctx) => {
  const profileId = requiredString(ctx, 'profileId', 'Profile ID');
  const otherProfileId = requiredString(ctx, 'otherProfileId', 'Other Profile ID');
  if (profileId === otherProfileId) throw invalid(ctx, 'A profile cannot be merged into itself');
  const reason = String(param<string>(ctx, 'reason', '') ?? '').trim();
  return ctx.client.request({
    method: 'POST',
    path: '/v1/profiles/merge',
    body: compact({ profileId, otherProfileId, reason }),
    itemIndex: ctx.itemIndex,
  });
};

const split: Operation = (ctx) => {
  const profileId = requiredString(ctx, 'profileId', 'Profile ID');
  const recordId = Number(param<number>(ctx, 'recordId'));
  if (!Number.isInteger(recordId) || recordId < 1)
    throw invalid(ctx, 'Record ID must be a positive whole number');
  const reason = String(param<string>(ctx, 'reason', '') ?? '').trim();
  return ctx.client.request({
    method: 'POST',
    path: `/v1/profiles/${segment(profileId)}/split`,
    body: compact({ recordId, reason }),
    itemIndex: ctx.itemIndex,
  });
};

export const profileOperationHandlers: Record<string, Operation> = { merge, split };
