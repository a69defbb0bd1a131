import { describe, expect, it } from 'vitest';
import { findResource, listCollection } from '../../src/emulator/arm.js';
import { applyWrite } from '../../src/emulator/provider.js';
import { buildFleet, fleetMember } from '../../src/emulator/scenarios/fleet.js';
import { MCR_RULE_NAME } from '../../src/emulator/fixtures/ids.js';

/** The emulator's lookups are indexed for fleets; the index must follow every write. */
describe('indexed ARM lookups follow the state', () => {
  const registryOf = (b: ReturnType<typeof buildFleet>, i: number): string => {
    const m = fleetMember(i);
    const r = b.arm.find((x) => x.type === 'Microsoft.ContainerRegistry/registries' && x.id.toLowerCase().includes(`/mc_${m.resourceGroup}_${m.name}_`));
    if (!r) throw new Error('no registry');
    return r.id;
  };

  it('a delete, a create and an in-place update are seen at once, in any id casing', () => {
    const b = buildFleet(30);
    const registry = registryOf(b, 0);
    const rule = `${registry}/cacheRules/${MCR_RULE_NAME}`;
    expect(findResource(b, rule.toUpperCase())?.name).toBe(MCR_RULE_NAME);
    expect(listCollection(b, `${registry}/cacheRules`)?.map((r) => r.name)).toEqual([MCR_RULE_NAME]);
    expect(applyWrite(b, { method: 'DELETE', id: rule }).ok).toBe(true);
    expect(findResource(b, rule)).toBeUndefined();
    expect(listCollection(b, `${registry}/cacheRules`)).toEqual([]);
    expect(applyWrite(b, { method: 'PUT', id: `${registry}/cacheRules/extra`, body: { properties: { sourceRepository: 'docker.io/library/*', targetRepository: 'lib/*' } } }).ok).toBe(true);
    expect(listCollection(b, `${registry}/cacheRules`)?.map((r) => r.name)).toEqual(['extra']);
    expect(applyWrite(b, { method: 'PUT', id: `${registry}/cacheRules/extra`, body: { properties: { sourceRepository: 'docker.io/x/*', targetRepository: 'x/*' } } }).ok).toBe(true);
    expect(findResource(b, `${registry}/cacheRules/extra`)?.properties?.['sourceRepository']).toBe('docker.io/x/*');
  });

  it('role assignments at, above and below a scope, per registry, without the neighbours\'', () => {
    const b = buildFleet(30);
    const registry = registryOf(b, 2);
    const at = listCollection(b, `${registry}/providers/Microsoft.Authorization/roleAssignments`);
    expect(at).toHaveLength(1);
    expect(at?.[0]?.id.toLowerCase().startsWith(registry.toLowerCase())).toBe(true);
    const sub = `/subscriptions/${fleetMember(2).subscriptionId}`;
    const below = listCollection(b, `${sub}/providers/Microsoft.Authorization/roleAssignments`);
    // Every AcrPull below the subscription: 30 members less slots 18 (AcrPull missing), 19 (not isolated)
    // and 3 (registry deleted, its assignment with it), 3 and 23 being slot 3.
    expect(below?.length).toBe(26);
  });
});
