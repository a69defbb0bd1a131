import type { UiServices } from '../ui/services.js';
import type { FleetUiServices } from '../ui/fleet/services.js';
import type { Fleet } from './fleet.js';
import type { Session } from './session.js';
import { sessionServices } from './ui-services.js';

/** One cluster's UI services over its own session: the same plan (with pre-flight), apply and export as the single-cluster UI. */
export function sessionUiServices(session: Session, opts: { auditLog?: string | undefined; exportDir?: string | undefined } = {}): UiServices {
  return sessionServices(() => Promise.resolve(session), opts);
}

/** The fleet view's services over an open fleet. */
export function fleetUiServices(fleet: Fleet, opts: { auditLog?: string | undefined } = {}): FleetUiServices {
  return {
    scan: (onProgress) => fleet.scan({ onProgress }),
    openCluster: async (clusterId) => {
      const session = await fleet.openCluster(clusterId);
      return { services: sessionUiServices(session, opts), close: () => session.close() };
    },
  };
}
