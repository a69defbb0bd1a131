/**
 * The scenario library's builders in one import: the shared fixtures (below the resource
 * provider), the mutations and containerd's pull error texts.
 */
export * from '../fixtures/ids.js';
export * from '../fixtures/cluster.js';
export * from '../fixtures/registry.js';
export * from '../fixtures/network.js';
export * from '../fixtures/dns.js';
export * from '../fixtures/kube-objects.js';
export * from '../fixtures/bundle.js';
export * from '../fixtures/compute.js';
export * from '../fixtures/neighbours.js';
export * from './mutations.js';
export * from './pull-errors.js';
