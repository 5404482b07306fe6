// The engine of a `ferry sync` or `ferry provision` job, its state opened where the options say.
import { ProvisioningEngine } from '../provision/engine.ts';
import type { ProvisioningJob } from '../provision/load-mapping-file.ts';
import { openStateStore } from '../provision/open-state-store.ts';
import type { JobStateOptions } from './job-state-options.ts';

/** The engine of a job, its state opened where the options say (closed with the engine). */
export async function openJobEngine(job: ProvisioningJob, o: JobStateOptions): Promise<ProvisioningEngine> {
  const state = await openStateStore(job, {
    stateDir: o.state,
    storeUrl: o.storeUrl ?? process.env.FERRY_STORE_URL,
    storeSchema: o.storeSchema,
  });
  return new ProvisioningEngine(job, { state, closeState: true });
}
