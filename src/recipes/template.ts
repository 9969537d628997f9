// The schedule recipe: a ticket template file (YAML front matter + Markdown body) → input values.
// The front matter is parsed first and each value rendered afterwards, so a rendered value with a
// quote or a colon cannot change the YAML. Mustache cannot run code; it is loaded only here.
import type { GitHubContext } from '../github/context.js'
import { InputProblem } from '../inputs/problems.js'
import type { InputValues } from '../inputs/read-inputs.js'
import { isMapping, parseStructured, type Plain } from '../inputs/structured-input.js'
import { readWorkspaceFile } from '../inputs/workspace-file.js'
import { message } from '../text/message.js'
import { periodsOf } from './periods.js'

/**
 * What a template's front matter may set; the rest (secrets, base_url, …) belongs in the workflow.
 * No input with an action.yml default: the runner always sets it, so it would always win.
 */
export const TEMPLATE_KEYS = [
  'title',
  'priority',
  'ticket_type',
  'assignment_team',
  'custom_fields',
  'requester_euid',
  'requester',
  'submitter_id',
  'attachments',
] as const

const MAX_TEMPLATE_BYTES = 1024 * 1024
/** Rendering time grows with the tags (~6 ms a thousand, measured): a bound keeps any template under 1 s. */
const MAX_TAGS = 10_000

type View = { [key: string]: string | View }

export interface FrontMatterSplit {
  frontMatter: string
  /** The file's line number of the front matter's first line. */
  firstLine: number
  body: string
  /** The file's line number of the body's first line. */
  bodyLine: number
}

/** Splits `---\n<yaml>\n---\n<body>`. The front matter is required: it holds the title. */
export function splitFrontMatter(text: string, where: string): FrontMatterSplit {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  if (lines[0].trim() !== '---') {
    throw new InputProblem(
      `${where}: line 1: expected "---", the start of the YAML front matter (title, priority, …), then "---" and the Markdown body.`,
    )
  }
  const close = lines.findIndex((line, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(line))
  if (close < 0)
    throw new InputProblem(`${where}: line 1: the front matter that starts here is never closed by a "---" line.`)
  let start = close + 1
  while (start < lines.length && lines[start].trim() === '') start++
  return {
    frontMatter: lines.slice(1, close).join('\n'),
    firstLine: 2,
    body: lines.slice(start).join('\n').trimEnd(),
    bodyLine: start + 1,
  }
}

const CREDENTIAL_NAME = /TOKEN|SECRET|PASSW|PASSPHRASE|KEY|CREDENTIAL|AUTH|COOKIE|SESSION|PRIVATE|_PROXY$|^PROXY$/i
const MAX_ENV_VALUE = 1024

/** The variables a template can use. Objects without a prototype: `{{ env.constructor }}` is empty. */
export function templateView(ctx: GitHubContext, env: NodeJS.ProcessEnv, now = new Date()): View {
  const github: View = Object.assign(Object.create(null) as View, {
    repository: ctx.repository,
    run_url: ctx.runUrl,
    ref_name: ctx.refName,
    sha: ctx.sha,
    actor: ctx.actor,
    workflow: ctx.workflow,
    event_name: ctx.eventName,
  })
  const vars = Object.create(null) as View
  for (const [name, value] of Object.entries(env)) {
    // The step's inputs (the API secret among them), the runner's own tokens, and whatever is named
    // like a credential are not template data: a template in a pull request is the author's text.
    if (value === undefined || /^(INPUT_|ACTIONS_)/.test(name) || CREDENTIAL_NAME.test(name)) continue
    // Bounded: {{ env.X }} ten thousand times must not build gigabytes.
    vars[name] = value.length > MAX_ENV_VALUE ? `${value.slice(0, MAX_ENV_VALUE)}…` : value
  }
  // {{ date }}, {{ week }}, {{ month }}, {{ quarter }}, {{ year }}: the period a chore's ticket is for.
  return Object.assign(Object.create(null) as View, { ...periodsOf(now), github, env: vars })
}

/** Renders one text. HTML escaping is off: the text is Markdown or a plain value, never HTML. */
export async function renderText(text: string, view: View, where: string, firstLine: number): Promise<string> {
  if (!text.includes('{{')) return text
  const { default: Mustache } = await import('mustache')
  try {
    return Mustache.render(text, view, {}, { escape: (value: unknown) => String(value) })
  } catch (err) {
    const said = message(err)
    const at = /at (\d+)/.exec(said)
    const line = at ? firstLine + text.slice(0, Number(at[1])).split('\n').length - 1 : firstLine
    throw new InputProblem(`${where}: line ${line}: ${said.replace(/ at \d+.*$/s, '')}.`)
  }
}

/** Reads, parses and renders a template file into input values (the body becomes `description`). */
export async function loadTemplate(file: string, workspace: string, view: View): Promise<InputValues> {
  const where = `template ${file}`
  const text = readTemplate(file, workspace)
  checkTags(text, where)
  const split = splitFrontMatter(text, where)
  const parsed = await parseStructured(where, split.frontMatter, split.firstLine).catch((err: unknown) => {
    // YAML reads an unquoted "{{" as the start of a mapping: the likeliest cause of a parse error here.
    if (err instanceof InputProblem && /^[^#\n]*:\s*\{\{/m.test(split.frontMatter)) {
      throw new InputProblem(
        `${err.message} A value that starts with {{ must be quoted: title: "{{ github.repository }} patching".`,
      )
    }
    throw err
  })
  if (parsed !== undefined && !isMapping(parsed)) {
    throw new InputProblem(
      `${where}: line ${split.firstLine}: the front matter must be a mapping, such as "title: Weekly patching".`,
    )
  }
  const values: InputValues = {}
  for (const [key, value] of Object.entries(parsed ?? {})) {
    const line = keyLine(split.frontMatter, key, split.firstLine)
    if (!(TEMPLATE_KEYS as readonly string[]).includes(key)) {
      throw new InputProblem(`${where}: line ${line}: unknown key "${key}". Allowed keys: ${TEMPLATE_KEYS.join(', ')}.`)
    }
    values[key as (typeof TEMPLATE_KEYS)[number]] = await renderPlain(value, view, where, line)
  }
  if (split.body !== '') values.description = await renderText(split.body, view, where, split.bodyLine)
  return values
}

async function renderPlain(value: Plain, view: View, where: string, line: number): Promise<Plain> {
  if (typeof value === 'string') return renderText(value, view, where, line)
  if (Array.isArray(value)) return Promise.all(value.map((v) => renderPlain(v, view, where, line)))
  const out: { [key: string]: Plain } = {}
  for (const [k, v] of Object.entries(value)) out[k] = await renderPlain(v, view, where, line)
  return out
}

/**
 * At most MAX_TAGS tags, and no delimiter changes ({{=<% %>=}}): with other delimiters the tags could
 * not be counted, and a template never needs them.
 */
function checkTags(text: string, where: string): void {
  let tags = 0
  for (let at = text.indexOf('{{'); at >= 0; at = text.indexOf('{{', at + 2)) {
    if (text.startsWith('{{=', at)) {
      throw new InputProblem(
        `${where}: line ${text.slice(0, at).split('\n').length}: changing the tag delimiters ({{=…=}}) is not supported.`,
      )
    }
    if (++tags > MAX_TAGS) throw new InputProblem(`${where}: has more than ${MAX_TAGS} {{ tags; that is the limit.`)
  }
}

/** The line a top-level key is written on, for messages (parseStructured keeps no positions). */
function keyLine(frontMatter: string, key: string, firstLine: number): number {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const index = frontMatter.split('\n').findIndex((l) => new RegExp(`^["']?${escaped}["']?\\s*:`).test(l))
  return index < 0 ? firstLine : firstLine + index
}

function readTemplate(file: string, workspace: string): string {
  const { text, size } = readWorkspaceFile(
    'template',
    file,
    workspace,
    MAX_TEMPLATE_BYTES,
    '; check out the repository before this step',
  )
  if (size > MAX_TEMPLATE_BYTES)
    throw new InputProblem(`template: "${file}" is ${size} bytes; at most ${MAX_TEMPLATE_BYTES} are allowed.`)
  return text
}
