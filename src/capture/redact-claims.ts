import type { Bundle } from '../bundle/types.js';

/**
 * The display names an Activity Log event's `claims` carry (a person's or an app's name) are no
 * resource names the redactor knows: replace them first, one placeholder per distinct name, so
 * the same caller reads the same in every event. Ids, upns and addresses go through the redactor.
 */
const NAME_CLAIMS = ['name', 'given_name', 'family_name', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname', 'app_displayname'];

export function redactClaimNames(bundle: Bundle): { bundle: Bundle; names: Map<string, string> } {
  const names = new Map<string, string>();
  if (!Array.isArray(bundle['activityLog'])) return { bundle, names };
  const placeholder = (v: string): string => {
    let p = names.get(v);
    if (!p) {
      p = `principal-${names.size + 1}`;
      names.set(v, p);
    }
    return p;
  };
  const activityLog = (bundle['activityLog'] as unknown[]).map((e) => {
    if (!e || typeof e !== 'object') return e;
    const event = e as Record<string, unknown>;
    const claims = event['claims'];
    if (!claims || typeof claims !== 'object') return event;
    const redacted = Object.fromEntries(Object.entries(claims as Record<string, unknown>).map(([k, v]) => [k, NAME_CLAIMS.includes(k.toLowerCase()) && typeof v === 'string' ? placeholder(v) : v]));
    return { ...event, claims: redacted };
  });
  return { bundle: { ...bundle, activityLog }, names };
}
