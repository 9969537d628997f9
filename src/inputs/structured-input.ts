// Parses the YAML/JSON inputs (custom_fields, requester, attachments, template front matter)
// into plain values. Every scalar stays the text the user wrote: YAML would read `010` as 10 and
// `-1001234567890` as a float, and LiveDesk's ids and custom fields are strings.
import type { Document, Node as YamlNode, YAMLMap } from 'yaml'
import { clip, InputProblem } from './problems.js'

export type Plain = string | Plain[] | { [key: string]: Plain }

export const LIMITS = {
  // 1,000 custom fields take ~30 KB, and plain `key: value` lines or JSON are read without YAML.
  textBytes: 256 * 1024,
  // What the YAML library reads: it takes ~0.5 s for 32 KiB of the slowest text found (many
  // top-level flow sequences), ~2 s for 64 KiB; every input must be accepted or refused within 1 s.
  yamlBytes: 32 * 1024,
  depth: 8,
  nodes: 50_000,
  keyLength: 256,
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Why a mapping key is refused, or undefined. The fast paths below step aside for such a key. */
function keyProblem(key: string): string | undefined {
  if (FORBIDDEN_KEYS.has(key)) return `the key "${key}" is not allowed.`
  if (key.length === 0 || key.length > LIMITS.keyLength) return `keys must be 1 to ${LIMITS.keyLength} characters long.`
  return undefined
}

/** Parses `text` (YAML 1.2, core schema; JSON is a subset). Empty text gives undefined. */
export async function parseStructured(input: string, text: string, firstLine = 1): Promise<Plain | undefined> {
  if (text.trim() === '') return undefined
  if (Buffer.byteLength(text) > LIMITS.textBytes) {
    throw new InputProblem(
      `${input}: is ${Buffer.byteLength(text)} bytes; at most ${LIMITS.textBytes} bytes are allowed.`,
    )
  }
  const flat = parseFlatMapping(text)
  if (flat) return flat
  if (Buffer.byteLength(text) > LIMITS.yamlBytes) {
    throw new InputProblem(
      `${input}: is ${Buffer.byteLength(text)} bytes of YAML; at most ${LIMITS.yamlBytes} are read as YAML. Longer text must be plain "key: value" lines or a JSON object of text values.`,
    )
  }
  // Loaded on first use, so a run without YAML inputs never parses the YAML library.
  const yaml = await import('yaml')
  refuseDeepFlow(yaml, input, text)
  const doc = composeFirstProblem(yaml, text)
  // The library catches its own stack overflow (block nesting thousands deep) and reports it so.
  if ('problem' in doc && doc.problem.code === 'RESOURCE_EXHAUSTION')
    throw new InputProblem(`${input}: is nested deeper than ${LIMITS.depth} levels.`)
  if ('problem' in doc) {
    const { line, words } = inUserTerms(text, doc.problem)
    throw new InputProblem(`${input}: line ${line + firstLine - 1}: ${words}`)
  }
  return new PlainConverter(yaml, input, text, firstLine).convert(doc.contents, 0, '')
}

/**
 * "[[[[…" is cheap to lex and slow to parse: deep flow nesting is refused before parsing. Nesting
 * cannot exceed the number of brackets, so most texts need no lexing at all.
 */
function refuseDeepFlow(yaml: YamlModule, input: string, text: string): void {
  let flowDepth = 0
  const brackets = text.length - text.replace(/[[{]/g, '').length
  for (const token of brackets > LIMITS.depth ? new yaml.Lexer().lex(text) : []) {
    if (token === '[' || token === '{') {
      if (++flowDepth > LIMITS.depth) throw new InputProblem(`${input}: is nested deeper than ${LIMITS.depth} levels.`)
    } else if (token === ']' || token === '}') flowDepth = Math.max(0, flowDepth - 1)
  }
}

/** A YAML document → plain values, within the limits: no aliases, plain-text keys once each. */
class PlainConverter {
  private nodes = 0

  constructor(
    private readonly yaml: YamlModule,
    private readonly input: string,
    private readonly text: string,
    private readonly firstLine: number,
  ) {}

  convert(node: unknown, depth: number, path: string): Plain {
    const { yaml, input } = this
    if (++this.nodes > LIMITS.nodes) {
      throw new InputProblem(`${input}: has more than ${LIMITS.nodes} values; that is the limit.`)
    }
    if (depth > LIMITS.depth) {
      throw new InputProblem(`${input}: ${path || 'the value'} is nested deeper than ${LIMITS.depth} levels.`)
    }
    if (node === null || node === undefined) return ''
    if (yaml.isAlias(node)) {
      throw new InputProblem(
        `${input}: line ${this.lineOf(node)}: aliases (*${node.source}) are not allowed; write the value out.`,
      )
    }
    if (yaml.isScalar(node)) {
      if (node.value === null) return ''
      return node.type === 'PLAIN' && node.source !== undefined ? node.source : String(node.value)
    }
    if (yaml.isSeq(node)) {
      return node.items.map((item, i) => this.convert(item, depth + 1, `${path}[${i}]`))
    }
    if (yaml.isMap(node)) return this.mapping(node, depth, path)
    throw new InputProblem(`${input}: unsupported YAML value.`)
  }

  private mapping(node: YAMLMap, depth: number, path: string): { [key: string]: Plain } {
    const out: { [key: string]: Plain } = {}
    for (const pair of node.items) {
      if (!this.yaml.isScalar(pair.key)) {
        throw new InputProblem(`${this.input}: line ${this.lineOf(pair.key as YamlNode)}: keys must be plain text.`)
      }
      // A key written null or ~ names a field "null" or "~": only a value that reads as null is empty.
      const written = pair.key.value === null ? pair.key.source : undefined
      const key = written || (this.convert(pair.key, depth + 1, path) as string)
      const refused = keyProblem(key)
      if (refused) throw new InputProblem(`${this.input}: line ${this.lineOf(pair.key)}: ${refused}`)
      if (Object.hasOwn(out, key)) {
        throw new InputProblem(
          `${this.input}: line ${this.lineOf(pair.key)}: Map keys must be unique. "${clip(key)}" is given twice.`,
        )
      }
      out[key] = this.convert(pair.value, depth + 1, path ? `${path}.${key}` : key)
    }
    return out
  }

  private lineOf(node: YamlNode | null | undefined): number {
    return node?.range ? lineAt(this.text, node.range[0]) + this.firstLine - 1 : this.firstLine
  }
}

// One `key: value` line that YAML 1.2 (core schema) reads as a plain-text key and a plain-text value:
// no indentation, quotes, comments, flow or block indicators, tabs or control characters. The value
// is matched once, greedily and without backtracking (an atomic group: a lookahead and \2), and its
// trailing spaces trimmed in code: a backtracking match before `[ ]*$` took seconds on a value with
// thousands of inner spaces.
const FLAT_LINE =
  // eslint-disable-next-line no-control-regex -- control characters are what sends a line to the YAML parser
  /^([A-Za-z0-9_][A-Za-z0-9_./-]*):(?:[ ]+(?=([^\s\x00-\x1f\x7f-\x9f\u2028\u2029\uFEFF\uFFFE\uFFFF#'"[\]{}|>*&!%@`,?:-](?:[^\t\x00-\x1f\x7f-\x9f\u2028\u2029\uFEFF\uFFFE\uFFFF#:]|:(?=[^\s:]))*))\2)?[ ]*$/
// The same, with the value in quotes that need no unescaping: "…" without \ or ", '…' without '.
const QUOTED_LINE =
  // eslint-disable-next-line no-control-regex -- control characters are what sends a line to the YAML parser
  /^([A-Za-z0-9_][A-Za-z0-9_./-]*):[ ]+(?:"([^"\\\x00-\x1f\x7f-\x9f\u2028\u2029\uFEFF\uFFFE\uFFFF]*)"|'([^'\x00-\x1f\x7f-\x9f\u2028\u2029\uFEFF\uFFFE\uFFFF]*)')[ ]*$/
const NULLS = new Set(['~', 'null', 'Null', 'NULL'])

/**
 * The usual custom_fields, a flat mapping of plain scalars, read without the YAML library: the
 * result YAML gives, without loading or running it. Anything else (or any doubt) → undefined.
 */
export function parseFlatMapping(text: string): { [key: string]: Plain } | undefined {
  if (text.trimStart().startsWith('{')) return parseFlatJson(text)
  const out: { [key: string]: Plain } = {}
  let keys = 0
  for (const line of text.split('\n')) {
    if (/^[ ]*$/.test(line)) continue
    const entry = flatEntry(line)
    if (!entry || NULLS.has(entry.key) || keyProblem(entry.key) || Object.hasOwn(out, entry.key)) return undefined
    if (++keys * 2 + 1 > LIMITS.nodes) return undefined
    out[entry.key] = entry.value
  }
  return keys > 0 ? out : undefined
}

/** One `key: value` line as YAML reads it, or undefined when only YAML can tell. */
function flatEntry(line: string): { key: string; value: string } | undefined {
  const plain = FLAT_LINE.exec(line)
  if (plain) {
    const value = (plain[2] ?? '').replace(/[ ]+$/, '')
    // A plain null is empty; a quoted one is the text "null".
    return { key: plain[1], value: NULLS.has(value) ? '' : value }
  }
  const quoted = QUOTED_LINE.exec(line)
  return quoted ? { key: quoted[1], value: quoted[2] ?? quoted[3] ?? '' } : undefined
}

/** A JSON object of text values (JSON is YAML 1.2 too), read with JSON.parse. Anything else → undefined. */
function parseFlatJson(text: string): { [key: string]: Plain } | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
  const keys = Object.keys(parsed)
  // JSON.parse keeps the last of two equal keys where YAML refuses them. Outside strings JSON has no
  // quotes, so with text values only, every string is a key or a value: twice the keys, or a repeat.
  const strings = text.match(/"(?:[^"\\]|\\.)*"/g)?.length ?? 0
  if (keys.length === 0 || strings !== keys.length * 2 || keys.length * 2 + 1 > LIMITS.nodes) return undefined
  const out = parsed as { [key: string]: unknown }
  for (const key of keys) {
    if (typeof out[key] !== 'string' || keyProblem(key)) return undefined
  }
  return out as { [key: string]: Plain }
}

type YamlModule = typeof import('yaml')

/** A YAML problem: where (an offset into the text), the library's code and its message. */
interface YamlProblem {
  offset: number
  code?: string
  message: string
}

/**
 * A YAML problem in the words of someone who wrote `key: value` lines, on the line of the mistake:
 * the library reports an indented line as a problem of the line before it ("Nested mappings are not
 * allowed in compact mappings", line 1, for " team: platform" on line 2).
 */
export function inUserTerms(text: string, problem: YamlProblem): { line: number; words: string } {
  const lines = text.split('\n')
  const at = lineAt(text, problem.offset)
  const shown = (n: number): string => `"${clip(lines[n - 1].trim(), 60)}"`
  const indent = (n: number): number => /^ */.exec(lines[n - 1] ?? '')?.[0].length ?? 0
  // "key: value" whose value is plain: no second ": " (a URL's "http://x:1" is plain), no [ or {.
  const holdsPlainValue = (n: number): boolean =>
    /^\s*[^\s:#[{][^:#]*:[ \t]+(?![[{])(?!.*:(?:\s|$))\S/.test(lines[n - 1] ?? '')
  const library = `${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}.`
  if (problem.code === 'BLOCK_AS_IMPLICIT_KEY') {
    // The next line with text after one that holds a plain value is indented: it is no nested
    // mapping, but a slip of the space bar.
    let next = at + 1
    while (next <= lines.length && lines[next - 1].trim() === '') next++
    if (holdsPlainValue(at) && next <= lines.length && indent(next) > indent(at)) {
      return {
        line: next,
        words: `${shown(next)} is indented, but the line before it, ${shown(at)}, holds a value, not a nested mapping: start it in the same column as that line.`,
      }
    }
    return { line: at, words: `${shown(at)}: a value that holds ": " must be in quotes, such as key: "a: b".` }
  }
  // The library's words where a flow collection ([…], {…}) is open: only the line it names is sure.
  if (problem.code === 'MULTILINE_IMPLICIT_KEY' && problem.message.startsWith('Implicit keys need'))
    return { line: at, words: `${shown(at)} is no "key: value" pair: write a colon and a space after the key.` }
  if (problem.code === 'TAB_AS_INDENT')
    return { line: at, words: `${shown(at)} is indented with a tab; indent with spaces.` }
  return { line: at, words: library }
}

/**
 * The document, or its first problem, through the library's public API (Parser, Composer). The
 * library builds every error of a broken text (16,383 for 32 KiB of quotes) where only the first is
 * shown: at most about 0.3 s for 32 KiB, measured, inside the second a YAML input may take. Duplicate
 * keys are left to convert(), in one pass: the library's own check compares every pair of keys
 * (2,000 keys: 67 ms against 20 ms, measured).
 */
function composeFirstProblem(yaml: YamlModule, text: string): Document | { problem: YamlProblem } {
  const composer = new yaml.Composer({ schema: 'core', uniqueKeys: false })
  let doc: Document | undefined
  for (const next of composer.compose(new yaml.Parser().parse(text), true, text.length)) {
    // A mistake in the first document comes before the second one's "---".
    if (doc)
      return { problem: problemIn(doc) ?? { offset: next.range[0], message: 'Source contains multiple documents' } }
    doc = next as Document
  }
  const problem = doc && problemIn(doc)
  return problem ? { problem } : (doc as Document)
}

/** A document's first error, else its first warning. */
function problemIn(doc: Document): YamlProblem | undefined {
  const first = doc.errors[0] ?? doc.warnings[0]
  return first && { offset: first.pos[0], code: first.code, message: first.message }
}

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

export function isMapping(value: Plain | undefined): value is { [key: string]: Plain } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A mapping of keys to text, e.g. custom_fields. Nested values are refused, naming the key. */
export function toTextMap(input: string, value: Plain | undefined, maxKeys: number): Record<string, string> {
  if (value === undefined || value === '') return {}
  if (!isMapping(value)) {
    throw new InputProblem(`${input}: expected a mapping of keys to values, such as "service: checkout".`)
  }
  const keys = Object.keys(value)
  if (keys.length > maxKeys) {
    throw new InputProblem(`${input}: has ${keys.length} keys; at most ${maxKeys} are allowed.`)
  }
  const out: Record<string, string> = {}
  for (const key of keys) {
    const v = value[key]
    if (typeof v !== 'string') {
      throw new InputProblem(`${input}: "${key}" has a nested value; only text, numbers and booleans are allowed.`)
    }
    out[key] = v
  }
  return out
}
