import type { Bundle } from '../../bundle/types.js';
import type { CheckId, RemediationId } from '../../engine/types.js';
import type { PlanOptions } from '../../remediations/types.js';

export interface ScenarioExpectation {
  checkId: CheckId;
  remediation: RemediationId | null;
}

export interface Scenario {
  name: string;
  /** One line, plain words. */
  description: string;
  /** A fresh deep copy every call. */
  build(): Bundle;
  /** What the diagnosis must conclude, most upstream first; [] when healthy. */
  rootCauses: ScenarioExpectation[];
  /**
   * The automated fix, for the fix tests. `healthyAfter` is false when the customer must still
   * change something the tool cannot (a workload's image reference).
   */
  fix?: { remediation: RemediationId; options?: PlanOptions; healthyAfter: boolean } | undefined;
  /** Additive: `fix` cannot run here; pre-flight refuses it for this reason before anything is sent. */
  preflightBlocked?: import('../../domain/preflight.js').PreflightAspect | undefined;
}
