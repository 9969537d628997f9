// sync/ owns the scheduled sync (sync: issues), a product of its own: its plan, its writes, its words
// and its memory; the ticket path knows nothing of it, and it is loaded only for a sync run.
// A sync run: settings → plan (reads) → carried out (writes) → report, each stage a value kept here.
import { readGitHubContext } from '../github/context.js'
import { failsOnError, type InputValues } from '../inputs/read-inputs.js'
import { buildSettings, type Settings } from '../inputs/settings.js'
import type { HeldWarnings } from '../runner/held-warnings.js'
import { carrySync } from './carry.js'
import { planSync } from './plan.js'
import { reportSync, reportSyncFailure } from './report.js'

export async function runSync(held: HeldWarnings, env: NodeJS.ProcessEnv, explicit: InputValues): Promise<number> {
  const log = held.runner
  let settings: Settings | undefined
  try {
    const ctx = readGitHubContext(env)
    settings = await buildSettings(explicit, ctx.workspace)
    const plan = await planSync(log, settings, ctx, env)
    const outcome = await carrySync(plan, log)
    held.release()
    return await reportSync(held.runner, outcome)
  } catch (err) {
    held.release()
    return reportSyncFailure(held.runner, err, failsOnError(explicit, settings))
  }
}
