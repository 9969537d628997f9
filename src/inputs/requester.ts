// The requester: the requester mapping and requester_euid, checked against LiveDesk's shape
// (livedesk/requester-schema.ts, loaded only when a requester mapping is given).
import type { Requester } from '../livedesk/ticket.js'
import type { InputReader } from './read-inputs.js'
import { InputProblem } from './problems.js'
import { isMapping, type Plain } from './structured-input.js'

const EXPECTED_WORDS: Record<string, string> = { string: 'text', object: 'a mapping', array: 'a list' }

/**
 * The requester from requester and requester_euid; {} when the step opens nothing and none is given.
 * A requester that does not parse is one problem, not also "LiveDesk needs a requester".
 */
export async function readRequester(
  input: InputReader,
  { opensNothing }: { opensNothing: boolean },
): Promise<Requester> {
  const problemsBefore = input.problems.count
  const value = await input.structured('requester')
  const none = opensNothing && value === undefined && !input.text('requester_euid')
  if (input.problems.count > problemsBefore || none) return {}
  return input.problems.checkAsync(() => parseRequester(value, input.text('requester_euid')), {})
}

export async function parseRequester(value: Plain | undefined, euid: string): Promise<Requester> {
  let requester: Requester = {}
  if (value !== undefined && value !== '') {
    if (!isMapping(value)) {
      throw new InputProblem(
        'requester: expected a mapping with euid and/or channel_contacts: {channel_id, contact_id, sub_contact_id, followers}.',
      )
    }
    const { checkRequester } = await import('../livedesk/requester-schema.js')
    const parsed = checkRequester(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue.path.join('.')
      if (issue.code === 'unrecognized_keys') {
        throw new InputProblem(
          `requester: ${where ? `${where}: ` : ''}unknown key "${issue.keys.join('", "')}". Allowed keys: euid, channel_contacts (channel_id, contact_id, sub_contact_id, followers: [{id, name}]).`,
        )
      }
      // zod does not report the value it refused; read it at the issue's path.
      const given = issue.path.reduce<unknown>(
        (node, key) =>
          isMapping(node as Plain) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined,
        value,
      )
      const expected = issue.code === 'invalid_type' ? (EXPECTED_WORDS[issue.expected] ?? issue.expected) : 'valid'
      throw new InputProblem(`requester: ${where} ${given === undefined ? 'is required' : `must be ${expected}`}.`)
    }
    requester = parsed.data
  }
  if (euid) {
    if (requester.euid && requester.euid !== euid) {
      throw new InputProblem('requester_euid: differs from requester.euid; give the euid in one place only.')
    }
    requester = { ...requester, euid }
  }
  if (!requester.euid && !requester.channel_contacts) {
    throw new InputProblem(
      "requester_euid: LiveDesk needs a requester. Set requester_euid (a contact's euid), or requester (a mapping with euid and/or channel_contacts).",
    )
  }
  return requester
}
