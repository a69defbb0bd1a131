import type { AccessToken, DefaultAzureCredential, GetTokenOptions, TokenCredential } from '@azure/identity';

/** Environment variable holding a pre-fetched ARM token (`az account get-access-token --query accessToken -o tsv`). */
export const AZURE_ENV_TOKEN = 'AKS_NETISO_ACCESS_TOKEN';

/** A token with no readable `exp` is assumed to live this long (ARM tokens live 60-90 minutes). */
const ASSUMED_LIFETIME_MS = 60 * 60 * 1000;

/** The claims of a JWT, or undefined when the text is not a JWT with a JSON payload. */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.trim().split('.');
  if (parts.length < 2 || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Who the token was issued to, for audit logs: a user's UPN, else an app id or object id. */
export function principalFromToken(token: string): string | undefined {
  const claims = decodeJwtClaims(token);
  if (!claims) return undefined;
  for (const claim of ['upn', 'unique_name', 'preferred_username', 'appid', 'oid']) {
    const v = claims[claim];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

/** A credential that always hands out the one token it was given. */
export class StaticTokenCredential implements TokenCredential {
  private readonly accessToken: AccessToken;

  constructor(token: string) {
    const exp = decodeJwtClaims(token)?.exp;
    this.accessToken = {
      token,
      expiresOnTimestamp: typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : Date.now() + ASSUMED_LIFETIME_MS,
    };
  }

  getToken(): Promise<AccessToken> {
    return Promise.resolve(this.accessToken);
  }
}

/**
 * The sign-in host DefaultAzureCredential should use: an explicit `AZURE_AUTHORITY_HOST` wins
 * (@azure/identity reads it itself), else the named cloud's host, so `--cloud AzureUSGovernment`
 * signs in at login.microsoftonline.us and not at the public host, whose tokens its ARM refuses.
 * (The Azure CLI credential in the chain follows `az cloud set` instead.)
 */
export function authorityHostFor(cloudAuthorityHost: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AZURE_AUTHORITY_HOST?.trim()) return undefined;
  return cloudAuthorityHost;
}

/**
 * DefaultAzureCredential, loaded on the first token asked for: @azure/identity (and MSAL under
 * it) costs about a quarter of a second to import, which a run with a given token or the
 * emulator's never needs to pay.
 */
export class SignInCredential implements TokenCredential {
  private loaded: Promise<DefaultAzureCredential> | undefined;

  constructor(readonly authorityHost: string | undefined) {}

  /** The DefaultAzureCredential this stands for (created once). */
  credential(): Promise<DefaultAzureCredential> {
    this.loaded ??= import('@azure/identity').then(({ DefaultAzureCredential: Default }) =>
      new Default(this.authorityHost ? { authorityHost: this.authorityHost } : {}));
    return this.loaded;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    return (await this.credential()).getToken(scopes, options);
  }
}

/**
 * `--access-token` (or AKS_NETISO_ACCESS_TOKEN) when given; otherwise the usual chain
 * (environment, managed identity, Azure CLI, …) through DefaultAzureCredential, signing in at
 * the cloud's authority host.
 */
export function createCredential(opts: { accessToken?: string | undefined; authorityHost?: string | undefined }): TokenCredential {
  const token = opts.accessToken?.trim();
  if (token) return new StaticTokenCredential(token);
  return new SignInCredential(authorityHostFor(opts.authorityHost));
}

/**
 * For the embedded emulator only: an unsigned JWT per requested scope (`aud` = the scope's
 * resource), so audience checks behave as with Entra ID (an Entra ID cluster's API server wants
 * a token for the AKS server app, ARM one for ARM). Azure never accepts these tokens.
 */
export class EmulatorCredential implements TokenCredential {
  constructor(private readonly claims: Record<string, unknown> = { upn: 'demo@emulator.local' }) {}

  getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = (Array.isArray(scopes) ? scopes[0] : scopes) ?? '';
    const now = Math.floor(Date.now() / 1000);
    const exp = now + 3600;
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...this.claims, aud: scope.replace(/\/\.default$/, ''), iat: now, exp })}.emulator`;
    return Promise.resolve({ token, expiresOnTimestamp: exp * 1000 });
  }
}
