// runner/ owns what the action says to the runner, the only code that talks to @actions/core; it must not know LiveDesk, GitHub's API or what an input means.
// The runner: the only module that talks to @actions/core. The rest of the code talks to the
// Runner interface (tests pass a fake). It adds what the toolkit lacks: untrusted text printed
// between ::stop-commands:: markers, redaction of our secrets in what we print, and the runner's files
// that cannot be written (a full disk, a missing folder) reported as values, never thrown.
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { message } from '../text/message.js'

export interface Runner {
  /** The input's value, trimmed; '' when unset. */
  getInput(name: string): string
  /** The YAML 1.2 boolean of a non-empty input; throws when it is not one. */
  getBooleanInput(name: string): boolean
  setSecret(secret: string): void
  /** Writes an output; returns why it could not ("GITHUB_OUTPUT (path): reason"), or undefined. */
  setOutput(name: string, value: string): string | undefined
  info(text: string): void
  debug(text: string): void
  notice(text: string, title?: string): void
  warning(text: string, title?: string): void
  /** An error annotation that also fails the step (exit code 1), as core.setFailed does. */
  fail(text: string, title?: string): void
  /** Runs `fn` inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /** Appends to the job summary; returns why it could not, or undefined (written, or no summary file). */
  appendSummary(markdown: string): Promise<string | undefined>
  redact(text: string): string
}

/** What the modules between the inputs and the report may do with the runner: write to the log. */
export type Log = Pick<Runner, 'info' | 'debug' | 'notice' | 'warning'>

// The runner reads a command from a line that starts with "::" after any white space, or holds "##[";
// any "::" at all is wrapped, which costs nothing and needs no model of the runner's trimming.
const COMMAND_LIKE = /::|##\[/

/** A secret as cell() in text/markdown.ts writes it into the summary (kept in step with it). */
function asInCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/[\\`*[\]!~]/g, (c) => `\\${c}`)
}

export function createRunner(): Runner {
  const masks = secretMasks()
  const { redact } = masks
  const title = (text: string | undefined): core.AnnotationProperties => (text ? { title: redact(text) } : {})
  return {
    getInput: (name) => core.getInput(name),
    getBooleanInput: (name) => core.getBooleanInput(name),
    setSecret: masks.add,
    setOutput(name, value) {
      // Outputs carry the real value, as @actions/core writes them: the runner masks the log, not outputs.
      try {
        core.setOutput(name, value)
        return undefined
      } catch (err) {
        return trouble('GITHUB_OUTPUT', err)
      }
    },
    info: (text) => printInert(redact(text)),
    debug: (text) => core.debug(redact(text)),
    notice: (text, t) => core.notice(redact(text), title(t)),
    warning: (text, t) => core.warning(redact(text), title(t)),
    fail(text, t) {
      core.error(redact(text), title(t))
      // 1 is core.ExitCode.Failure, written out: @github/local-action's stand-in for core has no ExitCode.
      process.exitCode = 1
    },
    group: (name, fn) => core.group(redact(name), fn),
    appendSummary: (markdown) => appendSummary(redact(markdown)),
    redact,
  }
}

/**
 * The run's secrets: each masked at the runner (add-mask) and taken out of everything the action
 * prints. Each line is masked on its own too (the runner masks line by line), and so is the form a
 * Markdown table cell gives it (text/markdown.ts cell(): HTML entities, backslash escapes), which the
 * job summary may hold. The longest first, so that no shorter secret splits a longer one.
 */
function secretMasks(): { add(secret: string): void; redact(text: string): string } {
  const secrets: string[] = []
  return {
    add(secret) {
      const lines = [secret, ...secret.split(/\r?\n/)]
      for (const part of [...lines, ...lines.map(asInCell)].filter((s) => s.trim().length >= 1)) {
        if (secrets.includes(part)) continue
        secrets.push(part)
        core.setSecret(part)
      }
      secrets.sort((a, b) => b.length - a.length)
    },
    redact(text) {
      let out = text
      for (const s of secrets) out = out.split(s).join('***')
      return out.includes(CUT) ? maskCutSecrets(out, secrets) : out
    },
  }
}

/** The mark an excerpt ends (or starts) with where it cut text short (text/server-text.ts oneLine, cell()). */
const CUT = '…'
/** The least of a cut secret that is masked: shorter pieces are too common to tell from other text. */
const CUT_PIECE_CHARS = 4

/**
 * A secret cut short by an excerpt ("…token: sk_9b8e…") no longer matches whole, and the runner's own
 * masking misses it too: the piece of it that stands against the cut mark is masked.
 */
function maskCutSecrets(text: string, secrets: readonly string[]): string {
  const parts = text.split(CUT)
  for (let i = 0; i < parts.length; i++) {
    for (const s of secrets) {
      if (i < parts.length - 1) parts[i] = withoutEnd(parts[i], s)
      if (i > 0) parts[i] = withoutStart(parts[i], s)
    }
  }
  return parts.join(CUT)
}

/** `text` with its end masked when it is a secret's beginning. */
function withoutEnd(text: string, secret: string): string {
  for (let k = Math.min(secret.length - 1, text.length); k >= CUT_PIECE_CHARS; k--) {
    if (text.endsWith(secret.slice(0, k))) return `${text.slice(0, -k)}***`
  }
  return text
}

/** `text` with its start masked when it is a secret's end. */
function withoutStart(text: string, secret: string): string {
  for (let k = Math.min(secret.length - 1, text.length); k >= CUT_PIECE_CHARS; k--) {
    if (text.startsWith(secret.slice(-k))) return `***${text.slice(k)}`
  }
  return text
}

/**
 * A log line the runner shows and never obeys: text that looks like a workflow command is printed
 * between stop-commands markers whose token nobody can guess.
 */
function printInert(text: string): void {
  if (!COMMAND_LIKE.test(text)) {
    core.info(text)
    return
  }
  const token = randomBytes(16).toString('hex')
  core.info(`::stop-commands::${token}`)
  core.info(text)
  core.info(`::${token}::`)
}

/** Appends to the job summary; why it could not, or undefined (written, or no summary file). */
async function appendSummary(markdown: string): Promise<string | undefined> {
  if (!process.env.GITHUB_STEP_SUMMARY) return undefined
  try {
    await core.summary.addRaw(markdown, true).write()
    return undefined
  } catch (err) {
    return trouble('GITHUB_STEP_SUMMARY', err)
  } finally {
    core.summary.emptyBuffer()
  }
}

/** "GITHUB_OUTPUT (/path): reason": a runner file that could not be written, as a value. */
function trouble(variable: string, err: unknown): string {
  return `${variable} (${process.env[variable] ?? ''}): ${message(err)}`
}
