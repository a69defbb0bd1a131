import type { ArmResource } from '../../bundle/types.js';

/**
 * The emulated resource provider: what a write does to the served state. The HTTP server
 * (server.ts) parses the request and the long-running-operation protocol; this module decides
 * the effect, so the behaviour the remediations rely on can be tested on plain bundles.
 */
export interface WriteRequest {
  method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** The resource id from the path (for POST: the resource the action is on, without the action). */
  id: string;
  /** POST action name, e.g. `upgradeNodeImageVersion`. */
  action?: string | undefined;
  body?: unknown;
}

export type WriteOutcome =
  | { ok: true; status: 200 | 201 | 202 | 204; resource?: ArmResource | undefined }
  | { ok: false; status: number; code: string; message: string };

