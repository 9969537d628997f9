// Files the user names in an input (description_file, template): relative to the workspace, read
// only up to a limit so a huge log is never loaded whole.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { clip, InputProblem } from './problems.js'

export interface WorkspaceFile {
  /** At most `maxBytes` + 4 bytes of the file, decoded (the 4 show whether it ran over). */
  text: string
  /** The whole file's size in bytes. */
  size: number
}

export function readWorkspaceFile(input: string, file: string, workspace: string, maxBytes: number, hint = ''): WorkspaceFile {
  const path = isAbsolute(file) ? file : resolve(workspace, file)
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputProblem(`${input}: cannot read "${clip(file, 200)}" (${code === 'ENOENT' ? 'no such file' : code}). Relative paths start at the workspace (${workspace})${hint}.`)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new InputProblem(`${input}: "${clip(file, 200)}" is not a file.`)
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes + 4))
    const read = readSync(fd, buffer, 0, buffer.length, 0)
    return { text: buffer.subarray(0, read).toString('utf8'), size: stat.size }
  } finally {
    closeSync(fd)
  }
}
