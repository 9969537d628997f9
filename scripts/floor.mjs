// The floor for `npm run bench`: the least a Node process can do to open the same ticket. It reads
// the same INPUT_* variables the runner sets, sends the request body the action sent (from
// BENCH_BODY_FILE) with node:http, or node:https to an https base_url (the far desk), checks the answer
// and prints the ticket id. No validation, no retries, no outputs: whatever the action spends beyond
// this is the action's own cost.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const env = process.env
const url = new URL('/api/v2/accounts/tickets', env.INPUT_BASE_URL)
// Not `import http from 'node:http'`: on Node 24 an ES module's import of node:http makes Node load
// its bundled undici (~35 ms, measured), which a bare POST does not need. require() does not.
const http = createRequire(import.meta.url)(url.protocol === 'https:' ? 'node:https' : 'node:http')
const body = readFileSync(env.BENCH_BODY_FILE ?? '')
const auth = Buffer.from(`${env.INPUT_API_KEY}:${env.INPUT_API_SECRET}`).toString('base64')

const req = http.request(
  url,
  {
    method: 'POST',
    headers: {
      authorization: `Basic ${auth}`,
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    },
  },
  (res) => {
    const chunks = []
    res.on('data', (chunk) => chunks.push(chunk))
    res.on('end', () => {
      const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      if (res.statusCode !== 200 || answer.code !== 0) {
        console.error(`floor: HTTP ${res.statusCode}: ${answer.message}`)
        process.exitCode = 1
        return
      }
      console.log(`Opened LiveDesk ticket ${answer.data.ticket_id}.`)
    })
  },
)
req.on('error', (err) => {
  console.error(`floor: ${err.message}`)
  process.exitCode = 1
})
req.end(body)
