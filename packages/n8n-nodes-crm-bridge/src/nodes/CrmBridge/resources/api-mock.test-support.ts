import nock from 'nock';
import { API_KEY, BASE_URL } from '../../../n8n-context.test-support';

/** The mocked CRM Bridge, matching only requests with the key as a Bearer token and the n8n channel header. */
export function api(): nock.Scope {
  return nock(BASE_URL, {
    reqheaders: { authorization: `Bearer ${API_KEY}`, 'x-crm-bridge-channel': 'n8n' },
  });
}

export const PROFILE_ID = '0b6a8f2e-5d2c-4c1e-9a4f-2f3e6d7c8b9a';
export const OTHER_PROFILE_ID = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const EMPLOYEE_ID = '3f2e1d0c-9b8a-4765-a432-10fedcba9876';
export const REMINDER_ID = '5e4d3c2b-1a09-4876-b543-210fedcba987';
