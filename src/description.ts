// The ticket's description: from the input or a file, cut at 1 MiB with a visible note.
import { InputProblem } from './structured-input.js'
import { readWorkspaceFile } from './workspace-file.js'

export const DESCRIPTION_LIMIT_BYTES = 1024 * 1024
export const TRUNCATION_MARKER = '\n\n---\n**[Description cut at 1 MiB by the LiveDesk ticket action; the rest was not sent.]**'

export interface Description {
  text: string
  bytes: number
  truncated: boolean
  file?: string
}

export function readDescription(inline: string, file: string, workspace: string): Description {
  if (inline && file) {
    throw new InputProblem('description, description_file: give one of them, not both.')
  }
  if (!file) return cutDescription(inline)
  const { text, size } = readWorkspaceFile('description_file', file, workspace, DESCRIPTION_LIMIT_BYTES)
  return { ...cutDescription(text, size), file }
}

function cutDescription(text: string, size = Buffer.byteLength(text)): Description {
  if (size <= DESCRIPTION_LIMIT_BYTES) return { text, bytes: size, truncated: false }
  return { text: fitDescription(text, DESCRIPTION_LIMIT_BYTES), bytes: size, truncated: true }
}

/** `text` if it fits in `limitBytes`, else cut to fit with the visible truncation marker. */
export function fitDescription(text: string, limitBytes: number): string {
  if (Buffer.byteLength(text) <= limitBytes) return text
  const room = Math.max(0, limitBytes - Buffer.byteLength(TRUNCATION_MARKER))
  // Cut on a character boundary: decoding a partial UTF-8 sequence would add U+FFFD.
  let cut = Buffer.from(text).subarray(0, room).toString('utf8')
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1)
  return cut + TRUNCATION_MARKER
}
