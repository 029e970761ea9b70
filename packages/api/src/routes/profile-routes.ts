import { mergeCustomers, splitCustomerRecord } from '@crm-bridge/desk';
import { explainProfile } from '@crm-bridge/profiles';
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { ProfileDecision, ProfileExplanation } from '../schemas/customer-schemas';
import { ProfileIdParams } from './customer-routes';

const tags = ['profiles'];
const Reason = z.string().trim().min(1).max(1000).optional().meta({ description: 'Why, for the audit log' });

const explain = defineRoute({
  method: 'GET',
  path: '/v1/profiles/:id/explain',
  operationId: 'explainProfile',
  summary: 'Why a profile holds its records: how each joined, merges, manual decisions, refusals',
  tags,
  scope: 'read',
  params: ProfileIdParams,
  response: ProfileExplanation,
  errors: [404],
  handler: ({ params }, { db }) => explainProfile(db, params.id),
});

const merge = defineRoute({
  method: 'POST',
  path: '/v1/profiles/merge',
  operationId: 'mergeProfiles',
  summary: 'Merge two profiles by hand (managers and admins); the decision survives re-syncs',
  tags,
  scope: 'write',
  body: z.strictObject({
    profileId: z.uuid().meta({ description: 'The profile that stays' }),
    otherProfileId: z.uuid().meta({ description: 'The profile folded into it' }),
    reason: Reason,
  }),
  response: ProfileDecision,
  errors: [404, 409],
  handler: ({ body }, { db, profiles, actor }) =>
    mergeCustomers(db, actor, profiles, {
      a: body.profileId,
      b: body.otherProfileId,
      ...(body.reason ? { reason: body.reason } : {}),
    }),
});

const split = defineRoute({
  method: 'POST',
  path: '/v1/profiles/:id/split',
  operationId: 'splitProfile',
  summary: 'Take one ERP record out of a profile for good (managers and admins)',
  tags,
  scope: 'write',
  params: ProfileIdParams,
  body: z.strictObject({
    recordId: z.int().positive().meta({ description: 'The record id, as in the card or the explanation' }),
    reason: Reason,
  }),
  response: ProfileDecision,
  errors: [404, 409],
  handler: ({ params, body }, { db, profiles, actor }) =>
    splitCustomerRecord(db, actor, profiles, {
      profileId: params.id,
      recordId: body.recordId,
      ...(body.reason ? { reason: body.reason } : {}),
    }),
});

export const profileRoutes = [explain, merge, split];
