// @ts-check
// The part the stand-ins share: an http.Server on 127.0.0.1 that records every request (method, path,
// headers, JSON body, raw text) before it hands the request to the stand-in's own handler.
import http from 'node:http'

/**
 * A request as a stand-in received it.
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {http.IncomingHttpHeaders} headers
 * @property {any} body JSON as the server received it (undefined when it was not JSON)
 * @property {string} raw
 */

/**
 * @param {(req: http.IncomingMessage, res: http.ServerResponse, recorded: RecordedRequest) => void} handle
 * @param {{ port?: number }} [options]
 * @returns {Promise<{ url: string, requests: RecordedRequest[], close: () => Promise<void> }>}
 */
export async function startRecordingServer(handle, options = {}) {
  /** @type {RecordedRequest[]} */
  const requests = []
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body
      try {
        body = raw ? JSON.parse(raw) : undefined
      } catch {
        body = undefined
      }
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, raw }
      requests.push(recorded)
      handle(req, res, recorded)
    })
  })
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)))
  const address = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve(undefined))
      }),
  }
}

/**
 * Answers with a JSON body and its length.
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} payload
 */
export function replyJson(res, status, payload, contentType = 'application/json') {
  const text = JSON.stringify(payload)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
