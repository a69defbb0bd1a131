import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');

/** One CLI run as a child process: exit code, output, wall time, and whether it had to be killed. */
export interface CliRun { code: number | null; killed: boolean; stdout: string; stderr: string; seconds: number }

/**
 * Runs `aks-netiso ARGS` with NO_COLOR and the extra environment; a process still running after
 * `killAfterMs` is a hang: it is killed and the run says so (`killed`), so a test never waits forever.
 */
export function runCli(args: string[], opts: { killAfterMs: number; env?: Record<string, string> }): Promise<CliRun> {
  const began = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, opts.killAfterMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr, seconds: (performance.now() - began) / 1000 });
    });
  });
}
