// Reading the runner's inputs: every input once, secrets masked first; what no runner evaluated is no value.
import { describe, expect, it } from '@jest/globals'
import { fakeRunner } from '../../__fixtures__/fake-runner.js'
import { readInputValues } from '../../src/inputs/read-inputs.js'

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
