// The merged input values read as the type each input takes. A value of another type, or one that is
// not allowed, is a problem listed with the others, and reading goes on with a fallback.
import { clip, Problems } from './problems.js'
import type { InputName, InputValues } from './read-inputs.js'
import { parseStructured, type Plain } from './structured-input.js'

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

  /** A number in `range`; empty gives `range.fallback`, a value outside the range gives `range.min` (a problem). */
  number(name: InputName, range: NumberRange & { fallback: number }): number {
    const value = this.text(name) || String(range.fallback)
    const n = parseNumber(value, range)
    if (n !== undefined) return n
    const expected = range.whole ? 'a whole number' : 'a number'
    this.problems.add(
      `${name}: "${clip(value)}" is not allowed. Expected ${expected} from ${range.min} to ${range.max}.`,
    )
    return range.min
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
