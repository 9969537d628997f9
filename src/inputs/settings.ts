// inputs/ owns the step's inputs: read once, secrets masked, validated into Settings; it must not know GitHub's API, LiveDesk's HTTP or what the run will do.
// input values → settings: each family of inputs read and checked in its own module, every problem listed together in one InputError.
import { readCredentials, type Credentials } from './credentials.js'
import { InputReader } from './input-reader.js'
import type { InputValues } from './read-inputs.js'
import { opensNothing, readRunBehaviour, readRunKind, type RunBehaviour, type RunKind } from './run-settings.js'
import { readServiceSettings, type ServiceSettings } from './service-settings.js'
import { readTicketContent, type TicketContent } from './ticket-content.js'

export { timeoutMsOf } from './service-settings.js'

/** Everything the run needs from its inputs, validated; each family's part is declared in its module. */
export interface Settings extends Credentials, RunKind, TicketContent, ServiceSettings, RunBehaviour {}

/**
 * Validates the merged input values; throws one InputError listing every problem. The families are
 * read in the order their problems are listed; what the step is comes before the content it needs.
 */
export async function buildSettings(values: InputValues, workspace: string): Promise<Settings> {
  const input = new InputReader(values)
  const credentials = readCredentials(input)
  const run = readRunKind(input)
  const content = await readTicketContent(input, { opensNothing: opensNothing(run), workspace })
  const service = readServiceSettings(input)
  const behaviour = readRunBehaviour(input, run)
  input.problems.throwIfAny()
  return { ...credentials, ...run, ...content, ...service, ...behaviour }
}
