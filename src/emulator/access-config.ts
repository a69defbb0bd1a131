import { stringify } from 'yaml';
import { AKS_AAD_SERVER_APP_ID } from './kube.js';

/** The public client kubelogin uses in the kubeconfig AKS returns for Entra ID clusters. */
const AZURE_CLI_CLIENT_ID = '80faf920-1908-4b52-b5ef-a8e7bedfc67a';

export interface KubeconfigInput {
  clusterName: string;
  resourceGroup: string;
  /** `https://127.0.0.1:PORT` */
  server: string;
  caPem: string;
  /** Static token user; ignored when `aadTenantId` is given. */
  token?: string | undefined;
  /** Entra ID cluster: the user is the kubelogin exec form real AKS returns. */
  aadTenantId?: string | undefined;
}

/** A kubeconfig shaped like the one `listClusterUserCredential` returns. */
export function buildKubeconfig(input: KubeconfigInput): string {
  const user = `clusterUser_${input.resourceGroup}_${input.clusterName}`;
  const userBody = input.aadTenantId !== undefined
    ? {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'kubelogin',
          args: [
            'get-token', '--environment', 'AzurePublicCloud', '--server-id', AKS_AAD_SERVER_APP_ID,
            '--client-id', AZURE_CLI_CLIENT_ID, '--tenant-id', input.aadTenantId, '--login', 'devicecode',
          ],
          env: null,
          installHint: '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
          interactiveMode: 'IfAvailable',
          provideClusterInfo: false,
        },
      }
    : { token: input.token ?? '' };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.clusterName,
        cluster: { 'certificate-authority-data': Buffer.from(input.caPem, 'utf8').toString('base64'), server: input.server },
      },
    ],
    contexts: [{ name: input.clusterName, context: { cluster: input.clusterName, user } }],
    'current-context': input.clusterName,
    preferences: {},
    users: [{ name: user, user: userBody }],
  });
}
