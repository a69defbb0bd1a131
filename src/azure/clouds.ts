/**
 * Which Azure Resource Manager to talk to: the public cloud by default, a sovereign cloud by
 * name, or any endpoint (Azure Stack, the emulator) by URL.
 */
export interface ArmTarget {
  /** `https://host[:port]`, no trailing slash. */
  endpoint: string;
  /** The token scope for that ARM. */
  scope: string;
  /** The cloud's name, or `custom` for an explicit endpoint. */
  cloud: string;
  /**
   * The Entra ID sign-in host of a named cloud; absent for an explicit endpoint, where
   * `AZURE_AUTHORITY_HOST` (read by @azure/identity itself) or the public host applies.
   */
  authorityHost?: string;
}

interface CloudDefinition {
  name: string;
  endpoint: string;
  /** Sovereign clouds issue ARM tokens for their classic management resource, as `az` does. */
  resource: string;
  /** Where DefaultAzureCredential signs in (`az cloud show --query endpoints.activeDirectory`). */
  authorityHost: string;
}

const CLOUDS: readonly CloudDefinition[] = [
  { name: 'AzureCloud', endpoint: 'https://management.azure.com', resource: 'https://management.azure.com', authorityHost: 'https://login.microsoftonline.com' },
  { name: 'AzureUSGovernment', endpoint: 'https://management.usgovcloudapi.net', resource: 'https://management.core.usgovcloudapi.net', authorityHost: 'https://login.microsoftonline.us' },
  { name: 'AzureChinaCloud', endpoint: 'https://management.chinacloudapi.cn', resource: 'https://management.core.chinacloudapi.cn', authorityHost: 'https://login.chinacloudapi.cn' },
];

export const CLOUD_NAMES: readonly string[] = CLOUDS.map((c) => c.name);

/**
 * Resolves `--cloud` / `--arm-endpoint`. An explicit endpoint wins over the cloud; the cloud
 * name is still validated so a typo is never silently ignored.
 * @throws Error with a one-line message for an unknown cloud or an endpoint that is not an https URL.
 */
export function resolveArmEndpoint(opts: { cloud?: string | undefined; armEndpoint?: string | undefined }): ArmTarget {
  let cloud: CloudDefinition | undefined = CLOUDS[0];
  if (opts.cloud !== undefined) {
    cloud = CLOUDS.find((c) => c.name.toLowerCase() === opts.cloud?.trim().toLowerCase());
    if (!cloud) {
      throw new Error(`unknown cloud "${opts.cloud}": use one of ${CLOUD_NAMES.join(', ')}, or --arm-endpoint https://…`);
    }
  }
  if (opts.armEndpoint !== undefined) {
    const endpoint = normaliseEndpoint(opts.armEndpoint);
    if (opts.cloud !== undefined && cloud) return { endpoint, scope: `${endpoint}/.default`, cloud: cloud.name, authorityHost: cloud.authorityHost };
    return { endpoint, scope: `${endpoint}/.default`, cloud: 'custom' };
  }
  const c = cloud as CloudDefinition;
  return { endpoint: c.endpoint, scope: `${c.resource}/.default`, cloud: c.name, authorityHost: c.authorityHost };
}

function normaliseEndpoint(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`--arm-endpoint "${raw}" is not a URL: give an https URL such as https://management.azure.com (or --cloud ${CLOUD_NAMES.join('|')})`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`--arm-endpoint "${raw}" must use https (ARM bearer tokens are never sent over plain http)`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new Error(`--arm-endpoint "${raw}" must be just a scheme and host, e.g. https://management.azure.com`);
  }
  return url.origin;
}
