// @ts-check
// Runs dist/index.js the way the GitHub runner does: INPUT_* variables (with action.yml's defaults),
// GITHUB_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files and an event payload file. JavaScript,
// as `npm run demo` and the benchmark (plain node on Node 20) use it too.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
// ACTION_BUNDLE runs the tests against another build (say, the one before a fix) to see them fail.
export const BUNDLE = process.env.ACTION_BUNDLE || join(ROOT, 'dist', 'index.js')

/**
 * How a step is run: its inputs (action.yml's defaults for the rest), more environment, the event,
 * the job's token, the Node binary, the workspace, how long it may take, whether its folder is kept.
 * @typedef {object} RunOptions
 * @property {Record<string, string>} [inputs]
 * @property {Record<string, string>} [env]
 * @property {{ name: string, payload: object }} [event]
 * @property {string} [githubToken]
 * @property {string} [node]
 * @property {string} [workspace]
 * @property {number} [timeoutMs]
 * @property {boolean} [keep]
 * @property {boolean} [cpu] Measure the child's CPU time (user + system) into RunResult.cpuMs.
 */

/**
 * What a step left, as the runner sees it.
 * @typedef {object} RunResult
 * @property {number | string | null} code
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs
 * @property {Record<string, string>} outputs
 * @property {string} summary
 * @property {string} visibleLog The log as the runner shows it: add-mask lines are consumed, never shown.
 * @property {string} dir
 * @property {number} [cpuMs]
 * @property {number} [rssKiB] With cpu: the child's peak resident set size (KiB).
 */

/**
 * action.yml's inputs with their defaults, as the runner reads them.
 * @returns {Record<string, { description: string, required?: boolean, default?: string }>}
 */
export function actionInputs() {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')).inputs
}

/**
 * The environment the runner gives a step in `dir`: GITHUB_* variables (the event, output and summary
 * files in `dir`) and every declared input as INPUT_*: the value given, or action.yml's default with
 * its expression evaluated.
 * @param {{ dir: string, workspace?: string, eventName?: string, inputs?: Record<string, string>, githubToken?: string, env?: Record<string, string> }} options
 */
export function runnerEnv({ dir, workspace = dir, eventName = 'push', inputs = {}, githubToken = '', env = {} }) {
  /** @type {Record<string, string>} */
  const result = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_REPOSITORY: 'octo-org/checkout-service',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKFLOW_REF: 'octo-org/checkout-service/.github/workflows/ci.yml@refs/heads/main',
    GITHUB_JOB: 'build',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: dir,
    RUNNER_NAME: 'GitHub Actions 2',
    ...env,
  }
  const declared = actionInputs()
  for (const [name, spec] of Object.entries(declared)) {
    let value = inputs[name] ?? (spec.default === undefined ? '' : String(spec.default))
    if (value === '${{ github.token }}') value = githubToken
    result[`INPUT_${name.toUpperCase()}`] = value
  }
  for (const name of Object.keys(inputs)) {
    if (!(name in declared)) result[`INPUT_${name.toUpperCase()}`] = inputs[name]
  }
  return result
}

/**
 * A step's directory and environment, with the runner's files in `dir` written (output, summary, the
 * event payload), unless the options point GITHUB_OUTPUT / GITHUB_STEP_SUMMARY elsewhere (a full
 * disk, a missing folder): those are neither prepared nor read back.
 * @param {RunOptions} options
 * @returns {{ dir: string, env: Record<string, string> }}
 */
export function prepareRun(options) {
  const dir = mkdtempSync(join(tmpdir(), 'livedesk-run-'))
  const event = options.event ?? { name: 'push', payload: {} }
  const env = runnerEnv({
    dir,
    workspace: options.workspace,
    eventName: event.name,
    inputs: options.inputs,
    githubToken: options.githubToken,
    env: options.env,
  })
  const own = (/** @type {string} */ file) => file.startsWith(dir)
  if (own(env.GITHUB_OUTPUT)) writeFileSync(env.GITHUB_OUTPUT, '')
  if (own(env.GITHUB_STEP_SUMMARY)) writeFileSync(env.GITHUB_STEP_SUMMARY, '')
  if (own(env.GITHUB_EVENT_PATH)) writeFileSync(env.GITHUB_EVENT_PATH, JSON.stringify(event.payload))
  return { dir, env }
}

/**
 * What a step left once it ended: its output, the outputs and summary it wrote in `dir`, the log as
 * shown (files the environment points elsewhere are not read).
 * @param {Record<string, string>} env
 * @param {string} dir
 * @param {string} stdout
 * @param {string} stderr
 * @returns {Omit<RunResult, 'code' | 'durationMs'>}
 */
export function readBack(env, dir, stdout, stderr) {
  const own = (/** @type {string} */ file) => file.startsWith(dir)
  return {
    stdout,
    stderr,
    outputs: own(env.GITHUB_OUTPUT) ? parseOutputs(readFileSync(env.GITHUB_OUTPUT, 'utf8')) : {},
    summary: own(env.GITHUB_STEP_SUMMARY) ? readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8') : '',
    /** The log as the runner shows it: add-mask lines are consumed, never shown. */
    visibleLog: (stdout + stderr)
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n'),
    dir,
  }
}

/**
 * Runs the bundle (BUNDLE) as a step, in a folder of its own (removed after, unless `keep`).
 * @param {RunOptions} [options]
 * @returns {Promise<RunResult>}
 */
export async function runAction(options = {}) {
  const { dir, env } = prepareRun(options)

  // cpu: the child's own CPU time (user + system), which a busy machine disturbs less than wall time.
  const probe = options.cpu ? ['--import', new URL('../scripts/bench-probe.mjs', import.meta.url).href] : []
  if (options.cpu) env.BENCH_RSS_FILE = join(dir, 'usage')
  const started = process.hrtime.bigint()
  const child = spawn(options.node ?? process.execPath, [...probe, BUNDLE], {
    env,
    cwd: options.workspace ?? dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const timeoutMs = options.timeoutMs ?? 60_000
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise((resolve) => {
    child.on('close', (c, signal) => resolve(signal ? `killed (${signal})` : c))
    // A Node binary that cannot be started: no 'close' follows, and the test must not wait for one.
    child.on('error', (err) => resolve(`not started (${err.message})`))
  })
  clearTimeout(timer)
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6

  const result = {
    code,
    durationMs,
    ...readBack(env, dir, stdout, stderr),
    cpuMs: options.cpu ? Number(readFileSync(env.BENCH_RSS_FILE, 'utf8').split(' ')[1]) / 1000 : undefined,
    rssKiB: options.cpu ? Number(readFileSync(env.BENCH_RSS_FILE, 'utf8').split(' ')[0]) : undefined,
  }
  if (!options.keep) rmSync(dir, { recursive: true, force: true })
  return result
}

/**
 * Parses GITHUB_OUTPUT's `name<<DELIM` blocks; a repeated name keeps its last value, as the runner does.
 * @param {string} text
 */
export function parseOutputs(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^([^<=]+)<<(.+)$/)
    if (m) {
      const end = lines.indexOf(m[2], i + 1)
      outputs[m[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('=')) {
      const [k, ...v] = lines[i].split('=')
      outputs[k] = v.join('=')
    }
  }
  return outputs
}
