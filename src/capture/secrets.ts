/**
 * Defensive credential stripping for bundles. A bundle is meant to be attached to tickets and
 * sent to support, so anything that could be a credential goes, even where the diagnosis would
 * never put one: ARM and the API server change, recorders change, and a leak is not undoable.
 */

/** Marker left where a credential-looking string value was. */
export const REMOVED_CREDENTIAL = '[removed: credential]';

/**
 * Keys whose value is a credential (matched on the end of the key, case-insensitive, so
 * `adminPassword`, `serverAppSecret`, `client-key-data`, `publicKeys` all match).
 * `…Id`/`…ResourceId` keys (`credentialSetResourceId`) never match: they end otherwise.
 */
const CREDENTIAL_KEY =
  /(password|passwords|passwd|secret|secrets|token|tokens|apikey|privatekey|keydata|key-data|connectionstring|connectionstrings|kubeconfig|kubeconfigs|accesskey|accesskeys|sharedkey|primarykey|secondarykey|sastoken|sasurl|credential|credentials|keys|accessprofiles|authorization|cookie|set-cookie)$/i;

/**
 * Values that are credentials whatever key holds them. A credential inside a longer text (a SAS
 * signature in a pull error, a bearer token in a log line) is cut out and the rest kept, because
 * the rest is evidence the diagnosis reads; a whole kubeconfig or private key replaces the value.
 */
const WHOLE_VALUE: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/,
  /client-key-data|client-certificate-data\s*:|\bkind:\s*Config\b[\s\S]*\busers:/,
];
const IN_TEXT: readonly { re: RegExp; replace: string }[] = [
  // JWT (Entra ID access tokens, service account tokens).
  { re: /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: REMOVED_CREDENTIAL },
  { re: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/gi, replace: `$1 ${REMOVED_CREDENTIAL}` },
  // Storage / service bus connection strings.
  { re: /\b(AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)=[^;"'\s]+/gi, replace: `$1=${REMOVED_CREDENTIAL}` },
  // SAS signatures in URLs (blob downloads in pull errors).
  { re: /([?&]sig=)[A-Za-z0-9%+/=]{16,}/g, replace: `$1${REMOVED_CREDENTIAL}` },
];

/**
 * Keys that end like a credential but hold none: a credential set's `authCredentials` are Key
 * Vault secret URIs and the health ACR saw (never the secrets), which the credential set check
 * judges; `--redact` replaces the vault names in them.
 */
const NOT_CREDENTIAL_KEYS = new Set(['authcredentials']);

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key) && !NOT_CREDENTIAL_KEYS.has(key.toLowerCase());
}

/** The value with every credential in it removed (the marker where it was). */
export function scrubCredentialText(value: string): string {
  if (WHOLE_VALUE.some((re) => re.test(value))) return REMOVED_CREDENTIAL;
  let out = value;
  for (const { re, replace } of IN_TEXT) out = out.replace(re, replace);
  return out;
}

/** The annotation `kubectl apply` leaves: a full copy of the spec, env values included. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A deep copy of `value` without credential-like keys, with credential-looking strings
 * replaced by a marker, without container `env` values (often secrets in plain text; the
 * diagnosis never reads them), without the last-applied annotation and without managedFields
 * (which `kubectl get -o json` hides too).
 */
export function stripCredentials<T>(value: T): T {
  return strip(value, undefined) as T;
}

function strip(value: unknown, parentKey: string | undefined): unknown {
  if (typeof value === 'string') return scrubCredentialText(value);
  if (Array.isArray(value)) {
    if (parentKey === 'env') {
      return value.map((e) => {
        if (!isRecord(e)) return strip(e, undefined);
        const { value: _dropped, ...rest } = e;
        return strip(rest, undefined);
      });
    }
    return value.map((v) => strip(v, undefined));
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (isCredentialKey(k) || k === LAST_APPLIED || k === 'managedFields') continue;
      out[k] = strip(v, k);
    }
    return out;
  }
  return value;
}
