// Which proxy a request goes through: the runner's environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY,
// NO_PROXY), read as curl reads it, and how a proxy is named in messages (never its password).
import { getProxyForUrl } from 'proxy-from-env'

export interface Proxy {
  href: string
  /** For messages: "http://host:port (HTTPS_PROXY)", never the user name or password. */
  shown: string
  /** Why the setting cannot be used (no URL, a broken %-escape in its user or password), never quoting it. */
  unusable?: string
}

/**
 * The proxy for a URL as runners set it (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY), or undefined.
 * A proxy given without a scheme ("proxy:3128") is http://, as curl reads it: proxy-from-env would
 * give it the target's scheme and shake hands with TLS with a plain proxy.
 */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): Proxy | undefined {
  if (!getProxyForUrl(url.href)) return undefined
  const scheme = url.protocol.replace(/:$/, '')
  const variable = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'].find(
    (name) => env[name],
  )
  const raw = variable ? (env[variable] ?? '') : ''
  const href = raw.includes('://') ? raw : `http://${raw}`
  const name = variable ?? 'the proxy setting'
  let parsed: URL
  try {
    parsed = new URL(href)
  } catch {
    // Not a URL: named by its variable only.
    return {
      href,
      shown: name,
      unusable: `${name} is not a URL the action can use, such as http://user:password@proxy.example:3128`,
    }
  }
  const shown = `${parsed.protocol}//${parsed.host} (${variable})`
  try {
    // Both the tunnel and https-proxy-agent decode them for the Proxy-Authorization header.
    decodeURIComponent(parsed.username)
    decodeURIComponent(parsed.password)
  } catch {
    const unusable = `the user name or password in ${name} holds a % that starts no %XX escape (write a % as %25)`
    return { href, shown, unusable }
  }
  return { href, shown }
}
