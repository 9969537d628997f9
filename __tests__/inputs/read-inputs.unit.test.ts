// Reading the runner's inputs: every input once, secrets masked first; what no runner evaluated is no value.
import { describe, expect, it } from '@jest/globals'
import { fakeRunner } from '../../__fixtures__/fake-runner.js'
import {
  failsOnError,
  InputReader,
  maskProxyCredentials,
  mergeInputValues,
  parseNumber,
  readInputValues,
  type InputValues,
} from '../../src/inputs/read-inputs.js'

describe('readInputValues', () => {
  it("@github/local-action passes action.yml's `${{ github.token }}` default as written: it is no token, never masked or sent", () => {
    // fakeRunner('' token) evaluates the default as the runner would; local-action does not: given as written here.
    const runner = fakeRunner({
      api_key: 'k',
      api_secret: 's',
      title: 'x',
      github_token: '${{ github.token }}',
      description: '${{ not evaluated\n}}',
    })
    const values = readInputValues(runner)
    expect(values.github_token).toBeUndefined()
    expect(values.description).toBeUndefined()
    expect(runner.secrets).not.toContain('${{ github.token }}')
  })

  it('text that only contains an expression is a value as given', () => {
    const runner = fakeRunner({ api_key: 'k', api_secret: 's', title: 'Deploy ${{ env.X }} failed' })
    expect(readInputValues(runner).title).toBe('Deploy ${{ env.X }} failed')
  })
})

describe('readInputValues: booleans and masks', () => {
  it.each(['context_fields', 'fail_on_error', 'dry_run', 'close_issues', 'sync_replies'] as const)(
    '%s is read as a boolean in any case; a word that is none stays text, for its problem to name',
    (name) => {
      const read = (given: string) =>
        readInputValues(fakeRunner({ api_key: 'k', api_secret: 's', [name]: given }))[name]
      expect([read('True'), read('FALSE'), read('yes')]).toEqual([true, false, 'yes'])
    },
  )

  it('an input that takes text keeps "true" as text', () => {
    expect(readInputValues(fakeRunner({ api_key: 'k', api_secret: 's', title: 'true' })).title).toBe('true')
  })

  it.each([
    ['an expression first, text after', '${{ env.X }} failed'],
    ['text first, an expression last', 'Deploy ${{ env.X }}'],
  ])('%s is a value as given', (_what, title) => {
    expect(readInputValues(fakeRunner({ api_key: 'k', api_secret: 's', title })).title).toBe(title)
  })

  const basic = Buffer.from('key1:secret1').toString('base64')
  it.each([
    [
      'key, secret and token: each, and the Basic header they make',
      { api_key: 'key1', api_secret: 'secret1' },
      'gh-token',
      ['key1', 'secret1', 'gh-token', basic, `Basic ${basic}`],
    ],
    ['a key without its secret: no header is made', { api_key: 'key1' }, '', ['key1']],
    ['a secret without its key', { api_secret: 'secret1' }, '', ['secret1']],
    ['no credentials: nothing (never an empty mask)', {}, '', []],
  ])('masks %s', (_what, inputs, token, secrets) => {
    const runner = fakeRunner(inputs, token)
    readInputValues(runner)
    expect(runner.secrets).toEqual(secrets)
  })
})

describe('mergeInputValues: the first layer wins (explicit inputs, then an issue, then a template)', () => {
  it.each<[string, InputValues[], InputValues]>([
    [
      'a value given twice: the first; one given once: that one',
      [{ title: 'mine' }, { title: 'template', priority: 'high' }],
      { title: 'mine', priority: 'high' },
    ],
    [
      'description_file above a description: the file alone',
      [{ description_file: 'notes.md' }, { description: 'from the template', priority: 'high' }],
      { description_file: 'notes.md', priority: 'high' },
    ],
    [
      'a description above a description_file: the description alone',
      [{ title: 't' }, { description: 'from the issue' }, { description_file: 'x.md', description: 'template' }],
      { title: 't', description: 'from the issue' },
    ],
    [
      'both in one layer: both kept',
      [{ title: 't' }, { description: 'd', description_file: 'f.md' }],
      { title: 't', description: 'd', description_file: 'f.md' },
    ],
  ])('%s', (_what, layers, merged) => {
    expect(mergeInputValues(...layers)).toEqual(merged)
  })
})

describe('maskProxyCredentials: a password in a proxy or GitHub URL is a secret', () => {
  it.each([
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'GITHUB_API_URL',
    'GITHUB_SERVER_URL',
  ])('%s: the password as written and decoded, and user:password', (name) => {
    const runner = fakeRunner({})
    maskProxyCredentials(runner, { [name]: 'http://user:p%40ss@proxy.example:3128' })
    expect(runner.secrets).toEqual(['p%40ss', 'p@ss', 'user:p%40ss'])
  })

  it.each([
    ['without a scheme (proxy-from-env adds one)', 'user:pw@proxy.example:3128', ['pw', 'pw', 'user:pw']],
    ['without a password', 'http://user@proxy.example:3128', []],
    ['empty', '', []],
    ['not a URL', 'http://[proxy', []],
  ])('a proxy %s', (_what, value, secrets) => {
    const runner = fakeRunner({})
    maskProxyCredentials(runner, { HTTPS_PROXY: value })
    expect(runner.secrets).toEqual(secrets)
  })
})

describe('failsOnError', () => {
  it.each<[string, InputValues, { failOnError: boolean } | undefined, boolean]>([
    ['not given: fails', {}, undefined, true],
    ['false: does not fail', { fail_on_error: false }, undefined, false],
    ['true: fails', { fail_on_error: true }, undefined, true],
    ['a word that is no boolean: fails', { fail_on_error: 'maybe' }, undefined, true],
    ['the settings, once read, decide', { fail_on_error: false }, { failOnError: true }, true],
    ['the settings, once read, decide (false)', {}, { failOnError: false }, false],
  ])('%s', (_what, explicit, settings, fails) => {
    expect(failsOnError(explicit, settings)).toBe(fails)
  })
})

describe('InputReader', () => {
  it('a flag given as a list (front matter): the fallback, and the problem names the value and true, false', () => {
    const reader = new InputReader({ dry_run: ['a'] })
    expect(reader.flag('dry_run', false)).toBe(false)
    expect(reader.problems.list()).toEqual(['dry_run: "["a"]" is not allowed. Allowed values: true, false.'])
  })

  it('a structured input a template gave as true/false reads as that text', async () => {
    expect(await new InputReader({ requester: true }).structured('requester')).toBe('true')
  })

  it.each([
    ['2.25', false, 2.25],
    ['2.5', false, 2.5],
    ['2.', false, undefined],
    ['2.5', true, undefined],
  ])('parseNumber(%j, whole: %s)', (value, whole, n) => {
    expect(parseNumber(value, { min: 0, max: 10, whole })).toBe(n)
  })
})
