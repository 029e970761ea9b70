import type { Logger } from '@crm-bridge/core';
import type { Db } from '@crm-bridge/store';
import { UnauthorizedError } from '../http/http-errors';
import type { ApiActor } from './api-actor';
import { apiKeyPrefix, bearerToken, hashApiKey, sameHash } from './api-key-secret';
import { type ApiKeyCredential, findApiKeyCredential, touchApiKey } from './api-key-store';
import { keyRole } from './scopes';

export interface AuthenticatorOptions {
  db: Db;
  log: Logger;
  /**
   * How long a verified key is trusted before its row is read again: a revoked key stops working
   * within this time. 0 reads the row on every request. @defaultValue 5000
   */
  cacheTtlMs?: number;
  now?: () => Date;
}

/** Turns an Authorization header into the key's actor, or throws UnauthorizedError (401). */
export type Authenticator = (authorization: string | undefined) => Promise<ApiActor>;

const MAX_CACHED_KEYS = 10_000;
/** last_used_at is written at most this often per key: it is a write on a read path. */
const TOUCH_EVERY_MS = 60_000;

function actorOf(credential: ApiKeyCredential): ApiActor {
  const employee = credential.employee;
  return {
    kind: 'api_key',
    id: credential.id,
    channel: 'api',
    role: keyRole(credential.scopes, employee?.role ?? null),
    employeeId: employee ? credential.employeeId : null,
    name: employee ? `${employee.name} (API key ${credential.name})` : credential.name,
    scopes: credential.scopes,
    keyPrefix: credential.prefix,
  };
}

/** Why a stored key cannot be used now, or null when it can. */
function refusal(credential: ApiKeyCredential, now: Date): string | null {
  if (credential.revokedAt !== null) return 'The API key was revoked';
  if (credential.expiresAt !== null && Date.parse(credential.expiresAt) <= now.getTime()) {
    return 'The API key has expired';
  }
  if (credential.employee && !credential.employee.active) return "The API key's employee is deactivated";
  return null;
}

/** Verifies bearer API keys against their stored hashes, with a short cache of verified keys. */
export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const ttl = options.cacheTtlMs ?? 5000;
  const now = options.now ?? (() => new Date());
  const verified = new Map<string, { actor: ApiActor; expiresAt: number | null; until: number }>();
  const touched = new Map<string, number>();

  const touch = (id: string, at: number) => {
    if ((touched.get(id) ?? 0) > at - TOUCH_EVERY_MS) return;
    if (touched.size >= MAX_CACHED_KEYS) touched.clear();
    touched.set(id, at);
    touchApiKey(options.db, id).catch((error: unknown) =>
      options.log.warn({ err: (error as Error).message }, 'could not record API key use'),
    );
  };

  return async (authorization) => {
    const token = bearerToken(authorization);
    if (token === null)
      throw new UnauthorizedError('Send an API key as Authorization: Bearer <key>', 'missing');
    const at = now();
    const hash = hashApiKey(token);
    const cached = ttl > 0 ? verified.get(hash) : undefined;
    if (
      cached &&
      cached.until > at.getTime() &&
      (cached.expiresAt === null || cached.expiresAt > at.getTime())
    ) {
      touch(cached.actor.id, at.getTime());
      return cached.actor;
    }
    const prefix = apiKeyPrefix(token);
    const credential = prefix === null ? null : await findApiKeyCredential(options.db, prefix);
    if (!credential || !sameHash(hash, credential.keyHash)) throw new UnauthorizedError('Invalid API key');
    const refused = refusal(credential, at);
    if (refused !== null) throw new UnauthorizedError(refused);
    const actor = actorOf(credential);
    if (ttl > 0) {
      if (verified.size >= MAX_CACHED_KEYS) verified.clear();
      verified.set(hash, {
        actor,
        expiresAt: credential.expiresAt === null ? null : Date.parse(credential.expiresAt),
        until: at.getTime() + ttl,
      });
    }
    touch(actor.id, at.getTime());
    return actor;
  };
}
