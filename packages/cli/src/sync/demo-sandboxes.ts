import { startErpNextSandbox } from '@crm-bridge/connector-erpnext';
import { startOdooSandbox } from '@crm-bridge/connector-odoo';
import { startOneCSandbox } from '@crm-bridge/connector-onec';
import type { FaultSettings, SandboxHandle } from '@crm-bridge/sync/testing';

/** A little of everything real ERPs do: malformed records to quarantine, the odd 429 and 502 to retry. */
const DEMO_FAULTS: FaultSettings = { malformedRate: 0.01, rateLimitRate: 0.01, serverErrorRate: 0.01 };

/** Starts the three sandbox ERPs over one generated world, on free loopback ports. */
export async function startDemoSandboxes(size: number): Promise<SandboxHandle[]> {
  const started: SandboxHandle[] = [];
  try {
    for (const start of [startOdooSandbox, startErpNextSandbox, startOneCSandbox]) {
      started.push(await start({ seed: 1, size, faults: DEMO_FAULTS }));
    }
    return started;
  } catch (error) {
    await Promise.all(started.map((sandbox) => sandbox.close()));
    throw error;
  }
}
