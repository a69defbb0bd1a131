/**
 * Emulator throughput: GET requests per second with 50 concurrent keep-alive clients for 3 s
 * (ARM GET by id, ARM list, Kubernetes pod list, in turn). Measures; asserts nothing.
 *
 *   npx tsx test/bench/emulator-rps.ts [--clients 50] [--seconds 3]
 */
import { Agent, request } from 'node:https';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/api.js';
import { fixtureBundle, NODE_RG, REGISTRY_ID, SUB } from '../emulator/server-fixture.js';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function get(emu: RunningEmulator, agent: Agent, path: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${emu.url}${path}`, { method: 'GET', agent, headers: { Authorization: authorization } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const clients = arg('--clients', 50);
  const seconds = arg('--seconds', 3);
  const emu = await startEmulator({ bundle: fixtureBundle() });
  const agent = new Agent({ keepAlive: true, maxSockets: clients, ca: emu.caPem });
  const paths: Array<[string, string]> = [
    [`${REGISTRY_ID}?api-version=2025-11-01`, 'Bearer bench'],
    [`/subscriptions/${SUB}/resourceGroups/${NODE_RG}/providers/Microsoft.ContainerRegistry/registries?api-version=2025-11-01`, 'Bearer bench'],
    ['/api/v1/pods?limit=50', `Bearer ${emu.kubeToken}`],
  ];
  let ok = 0;
  let failed = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; performance.now() < deadline; i++) {
        const [path, authorization] = paths[i % paths.length] ?? paths[0] ?? ['', ''];
        const status = await get(emu, agent, path, authorization);
        if (status === 200) ok++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  await emu.close();
  console.log(`emulator: ${Math.round(ok / elapsed)} GET requests/s (${clients} concurrent clients, ${elapsed.toFixed(1)} s, ${ok} ok, ${failed} failed, node ${process.version})`);
}

main().catch((e: unknown) => {
  console.error(`emulator-rps: ${(e as Error).message}`);
  process.exitCode = 1;
});
