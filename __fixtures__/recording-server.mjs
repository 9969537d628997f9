// The part the stand-ins share: an http.Server on 127.0.0.1 that records every request (method, path,
// headers, JSON body, raw text) before it hands the request to the stand-in's own handler.
import http from 'node:http'

/**
 * @param {(req: http.IncomingMessage, res: http.ServerResponse, recorded: { method: string, path: string, headers: http.IncomingHttpHeaders, body: any, raw: string }) => void} handle
 * @param {{ port?: number }} [options]
 */
export async function startRecordingServer(handle, options = {}) {
  const requests = []
  const server = http.createServer((req, res) => {
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
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
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

/** Answers with a JSON body and its length. */
export function replyJson(res, status, payload, contentType = 'application/json') {
  const text = JSON.stringify(payload)
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}
