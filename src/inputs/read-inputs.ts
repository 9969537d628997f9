// The runner's inputs → input values: every input read once, through the toolkit, and every secret
// (the LiveDesk key and secret, their Basic header, the GitHub token, proxy passwords) masked before
// anything else can print it. Then InputReader reads the values as the type each input takes: a value
// of another type, or one that is not allowed, is a problem listed with the others, and reading goes
// on with a fallback.
import type { Runner } from '../runner/runner.js'
import { clip, Problems } from './problems.js'
import { parseStructured, type Plain } from './structured-input.js'

/** Every input action.yml declares. Secrets first: they are read and masked before anything else. */
export const INPUT_NAMES = [
  'api_key',
  'api_secret',
  'github_token',
  'title',
  'description',
  'description_file',
  'template',
  'priority',
  'ticket_type',
  'assignment_team',
  'custom_fields',
  'context_fields',
  'requester_euid',
  'requester',
  'submitter_id',
  'attachments',
  'base_url',
  'timeout_seconds',
  'max_retries',
  'fail_on_error',
  'dry_run',
  'ticket_url_template',
  'failed_jobs',
  'log_lines',
  'dedupe',
  'dedupe_key',
  'open_after',
  'when_open',
  'mode',
  'sync',
  'close_issues',
  'sync_replies',
] as const
export type InputName = (typeof INPUT_NAMES)[number]

/** The inputs read with getBooleanInput: `True`/`FALSE` as in every action, empty meaning the default. */
export const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set([
  'context_fields',
  'fail_on_error',
  'dry_run',
  'close_issues',
  'sync_replies',
])

/**
 * Input values by name: text from `with:`, booleans read by the toolkit, or already-parsed values from
 * a template's front matter. A boolean input that is no boolean stays text, so its problem is listed
 * with all the others.
 */
export type InputValues = Partial<Record<InputName, string | boolean | Plain>>

const UNEVALUATED = /^\$\{\{[\s\S]*\}\}$/

/** Reads every input once and masks the secrets before anything can print them. */
export function readInputValues(runner: Pick<Runner, 'getInput' | 'getBooleanInput' | 'setSecret'>): InputValues {
  const values: InputValues = {}
  for (const name of INPUT_NAMES) {
    const value = runner.getInput(name)
    // An expression no runner evaluated (@github/local-action passes action.yml's `${{ github.token }}`
    // default as written): not a value, and never a token to send.
    if (value === '' || UNEVALUATED.test(value)) continue
    values[name] = value
    if (BOOLEAN_INPUTS.has(name)) {
      try {
        values[name] = runner.getBooleanInput(name)
      } catch {
        /* not a YAML 1.2 boolean: buildSettings names the input and the allowed values */
      }
    }
  }
  const key = textValue(values.api_key)
  const secret = textValue(values.api_secret)
  for (const s of [key, secret, textValue(values.github_token)]) if (s) runner.setSecret(s)
  if (key && secret) {
    const basic = Buffer.from(`${key}:${secret}`).toString('base64')
    runner.setSecret(basic)
    runner.setSecret(`Basic ${basic}`)
  }
  return values
}

/**
 * Layers input values: the first layer wins (explicit inputs, then an issue, then a template). A
 * description or description_file from a higher layer replaces the description of every lower one.
 */
export function mergeInputValues(...layers: InputValues[]): InputValues {
  const merged: InputValues = {}
  for (const layer of layers) {
    const hasDescription = merged.description !== undefined || merged.description_file !== undefined
    for (const [name, value] of Object.entries(layer) as [InputName, string | boolean | Plain][]) {
      if (merged[name] !== undefined || value === undefined) continue
      if (hasDescription && (name === 'description' || name === 'description_file')) continue
      merged[name] = value
    }
  }
  return merged
}

/** A value as trimmed text; '' for anything that is not text. */
export function textValue(value: string | boolean | Plain | undefined): string {
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * Credentials in the URLs the runner's environment gives (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY, all read
 * by proxy-from-env; GITHUB_API_URL, GITHUB_SERVER_URL) are secrets too.
 */
export function maskProxyCredentials(runner: Pick<Runner, 'setSecret'>, env: NodeJS.ProcessEnv): void {
  for (const name of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'GITHUB_API_URL',
    'GITHUB_SERVER_URL',
  ]) {
    const value = env[name]
    if (!value) continue
    try {
      // proxy-from-env adds a missing scheme ("user:pass@proxy:3128" works), so the mask must too.
      const url = new URL(value.includes('://') ? value : `http://${value}`)
      if (url.password) {
        runner.setSecret(url.password)
        runner.setSecret(decodeURIComponent(url.password))
        runner.setSecret(`${url.username}:${url.password}`)
      }
    } catch {
      /* not a URL: the proxy library will not use it either */
    }
  }
}

/** fail_on_error as given, also when other inputs are invalid and no settings exist. */
export function failsOnError(explicit: InputValues, settings?: { failOnError: boolean }): boolean {
  return settings ? settings.failOnError : explicit.fail_on_error !== false
}

export interface NumberRange {
  min: number
  max: number
  /** A count (whole numbers only) rather than an amount such as seconds (decimals allowed). */
  whole?: boolean
}

export class InputReader {
  /** The one list every family of inputs adds its problems to. */
  readonly problems = new Problems()

  constructor(private readonly values: InputValues) {}

  /** The value as given: text, a boolean the toolkit read, or what a template's front matter parsed. */
  given(name: InputName): string | boolean | Plain | undefined {
    return this.values[name]
  }

  /** Trimmed text; '' when not given, and when given as true/false, a list or a mapping (a problem). */
  text(name: InputName): string {
    const v = this.values[name]
    if (v === undefined) return ''
    if (typeof v === 'string') return v.trim()
    const got = typeof v === 'boolean' ? 'true or false' : Array.isArray(v) ? 'a list' : 'a mapping'
    this.problems.add(`${name}: expected text, got ${got}.`)
    return ''
  }

  /** A boolean as the toolkit reads it (`True`, `false`, …); `fallback` when not given or not a boolean (a problem). */
  flag(name: InputName, fallback: boolean): boolean {
    const v = this.values[name]
    if (v === undefined) return fallback
    if (typeof v === 'boolean') return v
    this.problems.add(notAllowed(name, typeof v === 'string' ? v.trim() : JSON.stringify(v), ['true', 'false']))
    return fallback
  }

  /** YAML or JSON text parsed (what does not parse is a problem), or the value a template already parsed. */
  structured(name: InputName): Promise<Plain | undefined> {
    const v = this.values[name]
    return this.problems.checkAsync(
      async () => (typeof v === 'string' ? parseStructured(name, v) : typeof v === 'boolean' ? String(v) : v),
      undefined,
    )
  }

  /** One of `allowed`, as written; empty gives `fallback`, and so does a value not allowed (a problem). */
  choice<T extends string>(name: InputName, allowed: readonly T[], fallback: T): T {
    const value = this.text(name)
    if (value === '') return fallback
    if (isOneOf(value, allowed)) return value
    this.problems.add(notAllowed(name, value, allowed))
    return fallback
  }

  /**
   * One of `allowed` in any case (High is sent as high), or undefined: empty sends none, which leaves
   * it to LiveDesk (`empty`: what that means, for the message); a value not allowed is a problem.
   */
  serverDefaultChoice<T extends string>(name: InputName, allowed: readonly T[], empty: string): T | undefined {
    const value = this.text(name)
    if (value === '') return undefined
    const lower = value.toLowerCase()
    if (isOneOf(lower, allowed)) return lower
    this.problems.add(notAllowed(name, value, allowed, `, in any case (or leave it empty for ${empty})`))
    return undefined
  }

  /** A number in `range`; empty gives `range.fallback`, and so does a value outside the range (a problem). */
  number(name: InputName, range: NumberRange & { fallback: number }): number {
    const value = this.text(name) || String(range.fallback)
    const n = parseNumber(value, range)
    if (n !== undefined) return n
    const expected = range.whole ? 'a whole number' : 'a number'
    this.problems.add(
      `${name}: "${clip(value)}" is not allowed. Expected ${expected} from ${range.min} to ${range.max}.`,
    )
    return range.fallback
  }
}

/** Digits (and, unless whole, one decimal point) within the range; no sign, exponent or hex. */
export function parseNumber(value: string, { min, max, whole }: NumberRange): number | undefined {
  const n = Number(value)
  const pattern = whole ? /^\d+$/ : /^\d+(\.\d+)?$/
  return pattern.test(value) && n >= min && n <= max ? n : undefined
}

function notAllowed(name: InputName, value: string, allowed: readonly string[], note = ''): string {
  return `${name}: "${clip(value)}" is not allowed. Allowed values: ${allowed.join(', ')}${note}.`
}

function isOneOf<T extends string>(value: string, allowed: readonly T[]): value is T {
  return (allowed as readonly string[]).includes(value)
}
