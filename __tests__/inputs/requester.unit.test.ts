// The requester: a mapping (euid and/or channel_contacts) checked against LiveDesk's shape, and
// requester_euid merged into it; a problem names the key and what is allowed.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/inputs/problems.js'
import type { InputValues } from '../../src/inputs/read-inputs.js'
import { buildSettings } from '../../src/inputs/settings.js'

const minimal: InputValues = { api_key: 'k', api_secret: 's', title: 'Disk full', requester_euid: 'c1' }
const ALLOWED_KEYS =
  'Allowed keys: euid, channel_contacts (channel_id, contact_id, sub_contact_id, followers: [{id, name}]).'

/** The requester the settings hold, or the problems listed instead. */
async function outcome(values: InputValues): Promise<unknown> {
  try {
    return (await buildSettings({ ...minimal, ...values }, '')).requester
  } catch (err) {
    if (err instanceof InputError) return err.problems
    throw err
  }
}

describe('accepted', () => {
  it.each<[string, InputValues, Record<string, unknown>]>([
    ['requester: null is no requester: requester_euid alone', { requester: 'null' }, { euid: 'c1' }],
    ['requester: "" is no requester either', { requester: '""' }, { euid: 'c1' }],
    ['the same euid in both places', { requester: 'euid: c1' }, { euid: 'c1' }],
    [
      'followers, each with an id',
      { requester: 'channel_contacts: {channel_id: a, contact_id: b, followers: [{id: f1, name: Ann}]}' },
      { euid: 'c1', channel_contacts: { channel_id: 'a', contact_id: 'b', followers: [{ id: 'f1', name: 'Ann' }] } },
    ],
  ])('%s', async (_what, values, requester) => {
    expect(await outcome(values)).toEqual(requester)
  })
})

describe('refused', () => {
  it.each<[string, string, string]>([
    [
      'two unknown keys, both named',
      'euid: a\nemail: x\nphone: y',
      `requester: unknown key "email", "phone". ${ALLOWED_KEYS}`,
    ],
    [
      'an unknown key inside channel_contacts, named with its place',
      'channel_contacts: {channel_id: a, contact_id: b, inbox: c}',
      `requester: channel_contacts: unknown key "inbox". ${ALLOWED_KEYS}`,
    ],
    [
      "a follower's missing id",
      'channel_contacts: {channel_id: a, contact_id: b, followers: [{name: Ann}]}',
      'requester: channel_contacts.followers.0.id is required.',
    ],
    [
      'a follower that is no mapping',
      'channel_contacts: {channel_id: a, contact_id: b, followers: [f1]}',
      'requester: channel_contacts.followers.0 must be a mapping.',
    ],
    [
      'another euid than requester_euid',
      'euid: c2',
      'requester_euid: differs from requester.euid; give the euid in one place only.',
    ],
  ])('%s', async (_what, requester, problem) => {
    expect(await outcome({ requester })).toEqual([problem])
  })
})
