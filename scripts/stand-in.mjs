// @ts-check
// npm run stand-in [-- --port N] [--record FILE]: the LiveDesk stand-in on its own, for trying the
// action by hand (npx local-action, or a workflow's base_url). Prints its URL and each request (and,
// with --record, appends each to FILE as a JSON line); Ctrl-C stops it.
import { appendFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { startLiveDeskStandIn } from '../__fixtures__/livedesk-stand-in.mjs'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '18080' },
    'api-key': { type: 'string', default: 'demo-key' },
    'api-secret': { type: 'string', default: 'demo-secret' },
    record: { type: 'string' },
  },
})
// --record FILE: every request as a JSON line, written before it is answered (the self-test reads them).
const recordFile = values.record
const record = recordFile
  ? (/** @type {import('../__fixtures__/recording-server.mjs').RecordedRequest} */ r) =>
      appendFileSync(
        recordFile,
        `${JSON.stringify({ method: r.method, path: r.path, headers: r.headers, body: r.body })}\n`,
      )
  : undefined
const standIn = await startLiveDeskStandIn({
  port: Number(values.port),
  apiKey: values['api-key'],
  apiSecret: values['api-secret'],
  onRequest: record,
})
console.log(
  `LiveDesk stand-in listening on ${standIn.url} (api_key ${values['api-key']}, api_secret ${values['api-secret']}); Ctrl-C stops it.`,
)
let seen = 0
setInterval(() => {
  for (const r of standIn.requests.slice(seen))
    console.log(`${r.method} ${r.path} ${r.raw.length} bytes${r.body?.title ? `: "${r.body.title}"` : ''}`)
  seen = standIn.requests.length
}, 200).unref()
const stop = async () => {
  await standIn.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
await new Promise(() => undefined)
