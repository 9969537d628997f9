// This machine: the only place plain http is allowed (the demo, the tests' stand-ins).

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** https, or plain http to 127.0.0.1, ::1 or localhost. */
export function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname))
}
