import { type OdooSandboxHandle, SANDBOX_API_KEY, SANDBOX_DATABASE } from './odoo-sandbox';

/** Plain-fetch clients for the sandbox protocol tests: what a wire-level Odoo client sends, nothing more. */
export type Json = Record<string, unknown>;

export async function rpc(sandbox: OdooSandboxHandle, service: string, method: string, args: unknown[]) {
  const response = await fetch(`${sandbox.url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 5 }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

export const executeKw = (
  sandbox: OdooSandboxHandle,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Json = {},
) =>
  rpc(sandbox, 'object', 'execute_kw', [SANDBOX_DATABASE, 2, SANDBOX_API_KEY, model, method, args, kwargs]);

export async function result<T>(promise: ReturnType<typeof rpc>): Promise<T> {
  const { body } = await promise;
  if (!('result' in body)) throw new Error(JSON.stringify(body.error));
  return body.result as T;
}

export function json2(
  sandbox: OdooSandboxHandle,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(`${sandbox.url}/json/2/${path}`, {
    method: 'POST',
    headers: { authorization: `bearer ${SANDBOX_API_KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
