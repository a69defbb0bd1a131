// proxy-from-env ships no types.
declare module 'proxy-from-env' {
  /** The proxy URL for `url` from HTTPS_PROXY/HTTP_PROXY/ALL_PROXY, or '' when NO_PROXY excludes it or none is set. */
  export function getProxyForUrl(url: string | URL): string;
}
