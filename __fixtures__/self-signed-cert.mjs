// @ts-check
// A self-signed certificate for localhost and 127.0.0.1, made with openssl in a few ms: the TLS fronts
// of the fault tests (__fixtures__/fault-servers.ts) and of the far-desk bench (scripts/bench-runs.mjs) both
// serve it, and processes trust it through NODE_EXTRA_CA_CERTS=certFile. The key stays in `dir`.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * An EC key and its certificate (two days), written into `dir`.
 * @param {string} dir
 * @returns {{ key: string, cert: string, certFile: string }}
 */
export function selfSignedCert(dir) {
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'ignore' },
    )
  } catch (err) {
    throw new Error(
      `a self-signed certificate for 127.0.0.1 needs openssl (${err instanceof Error ? err.message : String(err)})`,
    )
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile }
}
