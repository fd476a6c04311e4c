/** Connection URLs are shown in notes, summaries and snapshots: never with a password. */

const SECRET_PARAMS = /^(?:password|pass|pwd|passwd|sslpassword|sslkey|token|secret|api_?key)$/i;

/** `postgres://app:s3cret@db/app?sslpassword=x` → `postgres://app:***@db/app?sslpassword=***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL the WHATWG parser accepts: still hide anything between `:` and `@` in the authority.
    return url.replace(/(\/\/[^/:@\s]*):[^@/\s]*@/, '$1:***@');
  }
  if (parsed.password) parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) if (SECRET_PARAMS.test(key)) parsed.searchParams.set(key, '***');
  // URL encodes the asterisks in the query; keep them readable.
  return parsed.toString().replace(/%2A%2A%2A/g, '***');
}

/** `postgres://`, `postgresql://`, `mysql://`, `mariadb://` sources. */
export function isDatabaseUrl(source: string): boolean {
  return /^(?:postgres|postgresql|mysql|mariadb):\/\//i.test(source);
}
