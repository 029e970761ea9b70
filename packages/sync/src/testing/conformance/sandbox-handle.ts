import type { SourceConfig } from '@crm-bridge/core';
import type { ErpKind } from '../world/world-types';

/** Changes a sandbox applies at its clock's now, as an ERP's users would over a day. */
export interface ChangePlan {
  /** Records edited (modified-at moves forward). */
  edits: number;
  /** Records archived (Odoo active=false, ERPNext disabled=1, 1C DeletionMark=true). */
  archives: number;
  /** Records physically deleted. */
  deletions: number;
  /** New records. */
  additions: number;
  /** Which tables to touch; all when omitted. */
  streams?: ('customers' | 'contacts' | 'orders')[];
}

/** Which faults a sandbox injects; every rate is a share of requests (or records, for malformed). */
export interface FaultSettings {
  serverErrorRate?: number;
  rateLimitRate?: number;
  sessionExpiryEveryRequests?: number;
  slowRate?: number;
  slowMs?: number;
  malformedRate?: number;
}

export interface SandboxOptions {
  seed?: number;
  /** Companies in the generated world (each ERP serves those it knows, with their people and orders). */
  size: number;
  faults?: FaultSettings;
}

/** A running sandbox ERP, as the conformance suite, the demo and the benchmark drive it. */
export interface SandboxHandle {
  erp: ErpKind;
  /** Base URL on 127.0.0.1. */
  url: string;
  /** A source config that reaches this sandbox with valid credentials. */
  source(id: string): SourceConfig;
  /** The same with credentials the sandbox refuses. */
  sourceWithBadCredentials(id: string): SourceConfig;
  /** Live records per stream as the ERP holds them now (archived included, deleted not): the truth a sync must reach. */
  expected(): { customers: number; contacts: number; orders: number };
  /** The external ids (as the connector reports them) of live records of a stream, for exact comparisons. */
  liveIds(stream: 'customers' | 'contacts' | 'orders'): string[];
  /** Ids of records the sandbox serves malformed (they must end in quarantine, not in the store). */
  malformedIds(stream: 'customers' | 'contacts' | 'orders'): string[];
  /** Applies changes now; the clock moves forward by at least a second first. */
  change(plan: ChangePlan): void;
  /** Replaces the fault settings (e.g. faults off for a clean baseline). */
  setFaults(faults: FaultSettings): void;
  close(): Promise<void>;
}

/** Starts a sandbox; each connector package exports one. */
export type StartSandbox = (options: SandboxOptions) => Promise<SandboxHandle>;
