import { captureBundleWithReport, type CaptureOptions, type CaptureResult } from '../capture/capture.js';
import { KubeConfigError, loadKubeConfig } from '../kube/access.js';
import { UsageError } from './errors.js';
import { resolveWiring, type SessionDeps, type TargetArgs } from './session.js';

/** `aks-netiso capture`: a bundle of exactly what a diagnosis of the target reads. */
export async function captureTarget(
  args: TargetArgs,
  opts: SessionDeps & { redact: boolean; onProgress?: ((m: { step: string; done: number; total: number }) => void) | undefined },
): Promise<CaptureResult> {
  const wiring = await resolveWiring(args);
  try {
    let kube: CaptureOptions['kube'];
    if (args.noKube) kube = { disabled: true };
    else if (args.kubeconfig || args.context) {
      try {
        kube = { kubeconfig: loadKubeConfig({ kubeconfigPath: args.kubeconfig, context: args.context }) };
      } catch (e) {
        if (e instanceof KubeConfigError) throw new UsageError(e.message);
        throw e;
      }
    } else kube = { fromArm: true };
    return await captureBundleWithReport({
      clusterId: wiring.clusterId, azureOptions: wiring.gatewayOptions, kube, checks: opts.checks,
      onProgress: opts.onProgress, redact: opts.redact, kubeTimeoutMs: args.kubeTimeoutMs,
    });
  } finally {
    await wiring.emulator?.close();
  }
}
