// The GitHub Actions runner protocol: inputs, outputs, masks, log lines and the job summary.
// It is the subset of @actions/core this action uses, written out because @actions/core's bundle
// (490 KB, ~40 ms of start-up, measured in the README) is larger than everything else we load.
import { appendFileSync } from 'node:fs'
import { randomBytes, randomUUID } from 'node:crypto'
import { EOL } from 'node:os'

export interface Runner {
  getInput(name: string): string
  setSecret(secret: string): void
  setOutput(name: string, value: string): void
  info(text: string): void
  debug(text: string): void
  warning(text: string, title?: string): void
  error(text: string, title?: string): void
  appendSummary(markdown: string): boolean
  redact(text: string): string
}

export interface RunnerIO {
  env: NodeJS.ProcessEnv
  write(text: string): void
}

// The runner reads a command from a line that starts with "::" after any white space, or holds "##[";
// any "::" at all is wrapped, which costs nothing and needs no model of the runner's trimming.
const COMMAND_LIKE = /::|##\[/

/** Escapes command data the way the runner unescapes it, so the data cannot end the line. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function createRunner(io: RunnerIO): Runner {
  const secrets: string[] = []
  const env = io.env

  const redact = (text: string): string => {
    let out = text
    for (const s of secrets) out = out.split(s).join('***')
    return out
  }
  const command = (name: string, text: string, title?: string): void => {
    const props = title ? ` title=${escapeCommandProperty(redact(title))}` : ''
    io.write(`::${name}${props}::${escapeCommandData(redact(text))}${EOL}`)
  }

  return {
    getInput(name) {
      return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
    },
    setSecret(secret) {
      // Each line is masked on its own too: the runner masks line by line.
      const parts = [secret, ...secret.split(/\r?\n/)].filter((s) => s.trim().length >= 1)
      for (const part of parts) {
        if (secrets.includes(part)) continue
        secrets.push(part)
        io.write(`::add-mask::${escapeCommandData(part)}${EOL}`)
      }
      secrets.sort((a, b) => b.length - a.length)
    },
    setOutput(name, value) {
      const file = env.GITHUB_OUTPUT
      if (!file) return
      const delimiter = `ghadelimiter_${randomUUID()}`
      appendFileSync(file, `${name}<<${delimiter}${EOL}${redact(value)}${EOL}${delimiter}${EOL}`)
    },
    info(text) {
      const safe = redact(text)
      if (!COMMAND_LIKE.test(safe)) {
        io.write(`${safe}${EOL}`)
        return
      }
      // Text that looks like a workflow command is printed between stop-commands markers
      // whose token nobody can guess, so the runner shows it and does not obey it.
      const token = randomBytes(16).toString('hex')
      io.write(`::stop-commands::${token}${EOL}${safe}${EOL}::${token}::${EOL}`)
    },
    debug(text) {
      command('debug', text)
    },
    warning(text, title) {
      command('warning', text, title)
    },
    error(text, title) {
      command('error', text, title)
    },
    appendSummary(markdown) {
      const file = env.GITHUB_STEP_SUMMARY
      if (!file) return false
      appendFileSync(file, `${redact(markdown)}${EOL}`)
      return true
    },
    redact,
  }
}
