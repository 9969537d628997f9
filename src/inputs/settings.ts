// inputs/ owns the step's inputs: read once, secrets masked, validated into Settings; it must not know GitHub's API, LiveDesk's HTTP or what the run will do.
// Input values → settings: each family of inputs read and checked in its own module, every problem
// listed together in one InputError. The credentials and the service settings (the access) come from
// the step's own inputs only, so they are read first: the run calls GitHub with them before its
// subject, and so the rest of its inputs, is known.
import { InputReader, textValue, type InputValues } from './read-inputs.js'
import { opensNothing, readRunBehaviour, readRunKind, type RunBehaviour, type RunKind } from './run-settings.js'
import { readServiceSettings, type ServiceSettings } from './service-settings.js'
import { readTicketContent, type TicketContent } from './ticket-content.js'

/** The LiveDesk key and secret, and the GitHub token, each masked when it was read (read-inputs.ts). */
export interface Credentials {
  apiKey: string
  apiSecret: string
  githubToken: string
}

/** What reaches LiveDesk and GitHub. No template or issue sets these inputs: only the step's `with:`. */
export interface Access extends Credentials, ServiceSettings {}

/** Everything the run needs from its inputs, validated; each family's part is declared in its module. */
export interface Settings extends Access, RunKind, TicketContent, RunBehaviour {}

/** The access and the problems found in it, which buildSettings lists with the others, in family order. */
export interface AccessRead {
  access: Access
  problems: { credentials: string[]; service: string[] }
}

/** Reads the credentials and the service settings from the step's own inputs (a problem falls back to a default). */
export function readAccess(explicit: InputValues): AccessRead {
  const input = new InputReader(explicit)
  const credentials = readCredentials(input)
  const credentialProblems = input.problems.list()
  const service = readServiceSettings(input)
  return {
    access: { ...credentials, ...service },
    problems: { credentials: credentialProblems, service: input.problems.list().slice(credentialProblems.length) },
  }
}

export interface SettingsOptions {
  /** The access as readAccess read it from the step's own inputs; read from `values` when not given. */
  access?: AccessRead
  /** The step mirrors an issue: the inputs about a workflow's failures do not apply. */
  issue?: boolean
}

/**
 * Validates the merged input values; throws one InputError listing every problem. The families are
 * listed in the order a reader fixes them: the credentials, what the step is, the ticket's content,
 * the service, what the run does.
 */
export async function buildSettings(
  values: InputValues,
  workspace: string,
  { access = readAccess(values), issue = false }: SettingsOptions = {},
): Promise<Settings> {
  const input = new InputReader(values)
  input.problems.addAll(access.problems.credentials)
  const run = readRunKind(input, { issue })
  const content = await readTicketContent(input, { opensNothing: opensNothing(run), workspace })
  input.problems.addAll(access.problems.service)
  const behaviour = readRunBehaviour(input, run, { issue })
  input.problems.throwIfAny()
  return { ...access.access, ...run, ...content, ...behaviour }
}

function readCredentials(input: InputReader): Credentials {
  const apiKey = input.text('api_key')
  const apiSecret = input.text('api_secret')
  const { problems } = input
  if (!apiKey) problems.add('api_key: is required. Pass it from a secret: api_key: ${{ secrets.LIVEDESK_API_KEY }}.')
  if (!apiSecret)
    problems.add('api_secret: is required. Pass it from a secret: api_secret: ${{ secrets.LIVEDESK_API_SECRET }}.')
  if (apiKey.includes(':')) problems.add('api_key: must not contain ":" (LiveDesk joins key and secret with ":").')
  // Only `with:` sets the token, as text; empty is allowed (what needs it says so where it is needed).
  return { apiKey, apiSecret, githubToken: textValue(input.given('github_token')) }
}
