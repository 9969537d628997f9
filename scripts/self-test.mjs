// @ts-check
// The self-test that only a real runner can run (.github/workflows/ci.yml, jobs self-test-*), and
// that __tests__/bundle/self-test.bundle.test.ts runs here too:
//   node scripts/self-test.mjs start   the LiveDesk stand-in on 127.0.0.1:18080, in the background,
//                                      recording every request it receives to $RUNNER_TEMP
//   node scripts/self-test.mjs check   asserts the step's outputs (STATUS, TICKET_ID, TICKET_URL) and
//                                      what the stand-in received, for RECIPE (build-failure,
//                                      template, dry-run); exits 1 with what did not hold
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PORT = Number(process.env.SELF_TEST_PORT || 18080)
const RECORD = join(process.env.RUNNER_TEMP || '/tmp', 'livedesk-self-test-requests.jsonl')

async function start() {
  const child = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('./stand-in.mjs', import.meta.url)),
      '--port',
      String(PORT),
      '--api-key',
      'self-test-key',
      '--api-secret',
      'self-test-secret',
      '--record',
      RECORD,
    ],
    { detached: true, stdio: 'ignore' },
  )
  child.unref()
  for (let i = 0; i < 100; i++) {
    if (await listening()) return console.log(`LiveDesk stand-in on http://127.0.0.1:${PORT}, recording to ${RECORD}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the stand-in did not listen on ${PORT} within 10 s`)
}

function listening() {
  return new Promise((resolve) => {
    const socket = connect(PORT, '127.0.0.1', () => socket.end(() => resolve(true)))
    socket.on('error', () => resolve(false))
  })
}

/**
 * What the outputs and the recorded requests must show for each recipe.
 * @param {Record<string, string | undefined>} env
 * @param {{ method: string, path: string, headers: Record<string, unknown>, body: any }[]} requests JSON as the stand-in recorded it
 * @returns {string[]} what did not hold
 */
export function checkSelfTest(env, requests) {
  /** @type {string[]} */
  const problems = []
  const expect = (/** @type {boolean} */ ok, /** @type {string} */ what) => ok || problems.push(what)
  const posts = requests.filter((r) => r.method === 'POST')
  if (env.RECIPE === 'dry-run') {
    expect(env.STATUS === 'dry_run', `status is "${env.STATUS}", not dry_run`)
    expect(requests.length === 0, `a dry run sent ${requests.length} request(s)`)
    return problems
  }
  expect(env.STATUS === 'created', `status is "${env.STATUS}", not created`)
  expect(posts.length === 1, `${posts.length} tickets were opened, not 1`)
  const body = posts[0]?.body ?? {}
  expect(/^tk_\w+$/.test(env.TICKET_ID ?? ''), `ticket_id "${env.TICKET_ID}" is not a stand-in ticket id`)
  expect(env.TICKET_URL === `https://desk.example/t/${env.TICKET_ID}`, `ticket_url is "${env.TICKET_URL}"`)
  expect(
    posts[0]?.headers?.authorization === `Basic ${Buffer.from('self-test-key:self-test-secret').toString('base64')}`,
    'the Basic header is not the one for api_key:api_secret',
  )
  expect(
    typeof body.custom_fields?.github_run_id === 'string' && body.custom_fields.github_run_id !== '',
    'the context fields are missing (github_run_id)',
  )
  expect(body.requester?.euid === 'contact_self_test', 'the requester is not requester_euid')
  if (env.RECIPE === 'template') {
    expect(
      /^Weekly patching: .+, \d{4}-W\d\d$/.test(body.title ?? ''),
      `the title "${body.title}" was not rendered from the template`,
    )
    expect(
      body.ticket_type === 'task' && body.assignment_team === 'Platform Operations',
      'the front matter did not reach the ticket',
    )
  } else {
    expect(body.title === 'Self-test: a build failure', `the title is "${body.title}"`)
  }
  return problems
}

function check() {
  const requests = existsSync(RECORD)
    ? readFileSync(RECORD, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : []
  const problems = checkSelfTest(process.env, requests)
  if (problems.length > 0) {
    console.error(`Self-test ${process.env.RECIPE} failed:\n- ${problems.join('\n- ')}`)
    process.exit(1)
  }
  console.log(
    `Self-test ${process.env.RECIPE}: status ${process.env.STATUS}, ${requests.length} request(s) as expected.`,
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const verb = process.argv[2]
  if (verb === 'start') await start()
  else if (verb === 'check') check()
  else {
    console.error('usage: node scripts/self-test.mjs start|check')
    process.exit(2)
  }
}
