// @ts-check
// npm run demo: opens a ticket against a LiveDesk stand-in on 127.0.0.1, with the bundled action run
// the way the GitHub runner runs it. No credentials, no network.
import { existsSync } from 'node:fs'
import { startLiveDeskStandIn } from '../__fixtures__/livedesk-stand-in.mjs'
import { BUNDLE, runAction } from '../__fixtures__/run-action.mjs'

if (!existsSync(BUNDLE)) {
  console.error('dist/index.js is missing: run "npm run build" first.')
  process.exit(1)
}
const standIn = await startLiveDeskStandIn({ apiKey: 'demo-key', apiSecret: 'demo-secret' })
try {
  console.log(`LiveDesk stand-in listening on ${standIn.url}\n`)
  const inputs = {
    api_key: 'demo-key',
    api_secret: 'demo-secret',
    base_url: standIn.url,
    requester_euid: 'contact_12345',
    title: 'Build failed on main',
    description: 'The **build** job failed. See the run for the logs.',
    priority: 'high',
    ticket_type: 'incident',
    assignment_team: 'Platform On-Call',
    custom_fields: 'service: checkout\nregion: eu-west',
    ticket_url_template: 'https://your-console.example/tickets/{ticket_id}',
  }
  console.log('Step inputs (with:):')
  for (const [k, v] of Object.entries(inputs)) console.log(`  ${k}: ${JSON.stringify(v)}`)
  const result = await runAction({ inputs })
  console.log('\nWhat the action printed (as the runner shows it):')
  // The runner hides ::debug:: lines unless debug logging is on.
  const shown = result.visibleLog
    .split('\n')
    .filter((l) => !l.startsWith('::debug::'))
    .join('\n')
  console.log(shown.trim().replace(/^/gm, '  '))
  const request = standIn.creates()[0]
  if (!request) {
    console.error(`\nNo ticket request arrived; the action exited with ${result.code}.`)
    process.exitCode = 1
  } else {
    console.log(`\nThe request LiveDesk received: ${request.method} ${request.path}`)
    console.log(
      `  Authorization: Basic <base64 of demo-key:demo-secret>${request.headers.authorization === standIn.expectedAuth ? ' (checked)' : ' (WRONG)'}`,
    )
    console.log(`  Content-Type: ${request.headers['content-type']}`)
    console.log(JSON.stringify(request.body, null, 2).replace(/^/gm, '  '))
    console.log("\nThe job summary (Markdown, shown on the run's page):")
    console.log(result.summary.trim().replace(/^/gm, '  '))
    console.log('\nStep outputs:')
    for (const [k, v] of Object.entries(result.outputs)) console.log(`  ${k} = ${v}`)
    console.log(`\nTicket id: ${result.outputs.ticket_id}`)
    process.exitCode = result.code === 0 && result.outputs.ticket_id ? 0 : 1
  }
} finally {
  await standIn.close()
}
