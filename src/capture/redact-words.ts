/** The public vocabulary redaction never replaces: constants the diagnosis compares with, public hosts, regions, words. */
/**
 * AcrPull, the AKS Entra server application and the repository roles an ABAC registry honours
 * (Container Registry Repository Reader, Writer, Contributor): public constants the diagnosis compares with.
 */
export const PRESERVED_GUIDS = new Set([
  '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  '6dae42f8-4368-4678-94ff-3960e28e3630',
  'b93aa761-3e63-49ed-ac28-beffa264f7ac',
  '2a1e307c-b015-4ebd-883e-5b7698a07328',
  '2efddaa5-3f1f-4df3-97df-af3f13818f4c',
]);

/** Hosts kept as they are, with their subdomains: public registries and well-known domains. */
export const PUBLIC_DOMAINS = [
  'mcr.microsoft.com', 'microsoft.com', 'docker.io', 'docker.com', 'ghcr.io', 'github.com',
  'githubusercontent.com', 'quay.io', 'gcr.io', 'k8s.io', 'kubernetes.io', 'pkg.dev', 'ecr.aws',
  'nvcr.io', 'ubuntu.com', 'microsoftonline.com', 'azk8s.cn', 'aka.ms', 'example.com',
  'azure.com', 'golang.org', 'amazonaws.com',
];

/** Suffixes whose leading labels are the customer's (`<acr>.azurecr.io`, `<prefix>.hcp.<region>.azmk8s.io`). */
export const CUSTOMER_SUFFIXES = [
  // Key Vault secret URIs (a credential set's `authCredentials`): the vault name goes, the suffix stays.
  'vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net',
  'azurecr.io', 'azurecr.cn', 'azurecr.us', 'azmk8s.io', 'cloudapp.azure.com', 'windows.net',
  'azure.net', 'azurewebsites.net', 'azure-api.net', 'azurefd.net', 'trafficmanager.net',
  'cloudapp.net', 'chinacloudapi.cn', 'usgovcloudapi.net',
];

/** Literals consumed as they are, so no harvested token can bite into them. */
export const PROTECTED_LITERALS = [
  'privatelink.azurecr.io', 'aks-managed-repository', 'aks-managed-mcr', 'acr-cache-rule',
  'registry-1.docker.io', 'index.docker.io', 'mcr.microsoft.com', 'management.azure.com',
  'login.microsoftonline.com', 'aks-netiso/bundle@1', 'kubernetes.azure.com', 'registry_data_',
];

/** Top-level domains recognised when spotting hostnames in free text. */
export const TLDS = new Set([
  'com', 'net', 'org', 'io', 'dev', 'app', 'cloud', 'local', 'internal', 'corp', 'lan', 'biz',
  'info', 'co', 'us', 'uk', 'de', 'fr', 'nl', 'eu', 'ch', 'at', 'se', 'no', 'dk', 'fi', 'jp', 'cn',
  'in', 'au', 'ca', 'br', 'es', 'it', 'pl', 'be', 'ie', 'nz', 'sg', 'kr', 'ai', 'tech', 'aws',
  'ms', 'example', 'test', 'intra', 'priv', 'private', 'home', 'azure',
]);

/** Azure regions (the bundle's own `location` values are added at run time). */
export const REGIONS = [
  'eastus', 'eastus2', 'westus', 'westus2', 'westus3', 'centralus', 'northcentralus', 'southcentralus',
  'westcentralus', 'canadacentral', 'canadaeast', 'brazilsouth', 'northeurope', 'westeurope',
  'uksouth', 'ukwest', 'francecentral', 'germanywestcentral', 'switzerlandnorth', 'norwayeast',
  'swedencentral', 'polandcentral', 'italynorth', 'spaincentral', 'eastasia', 'southeastasia',
  'japaneast', 'japanwest', 'koreacentral', 'australiaeast', 'australiasoutheast', 'centralindia',
  'southindia', 'uaenorth', 'southafricanorth', 'qatarcentral', 'israelcentral', 'mexicocentral',
  'eastus2euap', 'centraluseuap', 'global',
];

/**
 * Words that are names in bundles but identify nobody (defaults, roles, structure): replacing
 * them would only risk hitting the same word where it is vocabulary.
 */
export const VOCABULARY = new Set([
  'aks', 'acr', 'default', 'registry', 'registries', 'data', 'system', 'user', 'users', 'agentpool',
  'nodepool', 'nodepool1', 'privatelink', 'azurecr', 'azmk8s', 'io', 'hcp', 'portal', 'bootstrap',
  'managed', 'mcr', 'microsoft', 'kube-system', 'kube-public', 'kubernetes', 'azure', 'dns', 'blob',
  'core', 'windows', 'nic', 'vnet', 'subnet', 'a', 'aaaa', 'cname', 'soa', 'mx', 'txt', '@',
  'privateendpointipconfig', 'ipconfig1', 'ipconfig', 'current', 'latest', 'linux', 'v1', 'mc',
  'aks-managed-mcr', 'acr-cache-rule', 'aks-managed-repository', 'config', 'primary', 'secondary',
  'kubeletidentity', 'agentpoolprofiles', 'internal', 'local', 'example', 'test',
  'registry_data', 'registry-data', 'privatelink-azurecr-io', 'privatelink_azurecr_io', 'cloudapp',
  // The words of kubelet and containerd messages and of Kubernetes states: a resource that happens
  // to be named like one must not rewrite the pull errors the diagnosis parses.
  'failed', 'to', 'pull', 'image', 'images', 'and', 'unpack', 'resolve', 'reference', 'do', 'request', 'dial', 'tcp',
  'lookup', 'on', 'no', 'such', 'host', 'timeout', 'unexpected', 'status', 'from', 'get', 'head', 'authorize',
  'fetch', 'anonymous', 'oauth', 'oauth2', 'token', 'scope', 'repository', 'service', 'unauthorized', 'forbidden',
  'not', 'found', 'rpc', 'error', 'code', 'desc', 'copy', 'open', 'back-off', 'backoff', 'pulling', 'manifests',
  'blobs', 'docker', 'sha256', 'ns', 'v2', 'https', 'http', 'io', 'errimagepull', 'imagepullbackoff', 'running',
  'pending', 'ready', 'true', 'false', 'normal', 'warning', 'kubelet', 'pod', 'pods', 'node', 'nodes', 'event',
  'events', 'amd64', 'arm64', 'containerd', 'ubuntu', 'library', 'nginx', 'busybox', 'pause', 'shop', 'prod', 'dev',
  'staging', 'app', 'web', 'api', 'cache', 'rule', 'rules', 'premium', 'standard', 'basic', 'succeeded', 'approved',
  'completed', 'enabled', 'disabled', 'none', 'block', 'loadbalancer', 'overlay', 'kubenet',
  // Scale set extension names the bootstrap check looks for, and the words of their statuses.
  'vmsscse', 'akslinuxbilling', 'customscript', 'exit', 'provisioning', 'provisioningstate',
]);
