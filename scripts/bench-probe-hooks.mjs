// Module hooks for bench-probe.mjs: every file: module that is loaded (static or dynamic import) is
// appended to the file given at registration. Runs on Node's module-hooks thread.
import { appendFileSync } from 'node:fs'

let file = ''

export function initialize(data) {
  file = data.file
}

export async function load(url, context, nextLoad) {
  if (url.startsWith('file:')) appendFileSync(file, `${url}\n`)
  return nextLoad(url, context)
}
