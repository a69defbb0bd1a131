import type { FleetReport } from '../../fleet/report.js';
import type { UiServices } from '../services.js';

/** What the fleet view asks of the program: the scan, and one cluster's single-cluster services. */
export interface FleetUiServices {
  scan(onProgress: (done: number, total: number) => void): Promise<FleetReport>;
  /** A full session on one cluster (Kubernetes checks, fixes); closed when the user goes back. */
  openCluster(clusterId: string): Promise<{ services: UiServices; close(): Promise<void> }>;
}
