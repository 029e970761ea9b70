import type {
  IAuthenticateGeneric,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
} from 'n8n-workflow';

/** A CRM Bridge API key (`crm-bridge apikey create`) and the server it belongs to. */
export class CrmBridgeApi implements ICredentialType {
  name = 'crmBridgeApi';

  displayName = 'CRM Bridge API';

  icon = { light: 'file:../icons/crmBridge.svg', dark: 'file:../icons/crmBridge.dark.svg' } as const;

  documentationUrl = 'https://github.com/crm-bridge/n8n-nodes-crm-bridge#credentials';

  properties: INodeProperties[] = [
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'http://127.0.0.1:8080',
      placeholder: 'https://crm.example.com',
      description: 'Where `crm-bridge serve` answers, without /v1',
      required: true,
    },
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      placeholder: 'crmb_…',
      description:
        'A key from `crm-bridge apikey create`. Scopes: read for lookups, write for tickets, reminders, notes and profiles, sync to start syncs, admin for the trigger (webhook subscriptions).',
      required: true,
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
  };

  // The team list needs only the read scope and is small: a cheap check that the key is valid.
  test: ICredentialTestRequest = {
    request: {
      baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
      url: '/v1/employees',
      method: 'GET',
    },
  };
}
