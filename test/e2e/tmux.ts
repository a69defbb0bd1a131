import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');

/**
 * A real terminal for end-to-end tests: the CLI runs in a detached tmux session, keys are sent
 * one call at a time (several keys in one send-keys arrive together: see toolchain-notes), and
 * the screen is read back with capture-pane. Each session has its own tmux server (`-L`): with one
 * shared server, a session started while another test's last session ends can meet a server that is
 * exiting ("server exited unexpectedly").
 */
export class TmuxSession {
  readonly name: string;
  constructor(prefix = 'aks-netiso-e2e') {
    this.name = `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  /**
   * CI=true is always set: CI runners set it, and ink (unless loaded through loadInkForTerminal)
   * then draws nothing until exit. Setting it here makes every local run cover that case too.
   */
  start(command: string, opts: { width?: number; height?: number; env?: Record<string, string>; cwd?: string } = {}): void {
    const env = Object.entries({ NO_COLOR: '1', CI: 'true', ...opts.env }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    this.tmux([
      'new-session', '-d', '-s', this.name, '-x', String(opts.width ?? 100), '-y', String(opts.height ?? 30),
      ...(opts.cwd ? ['-c', opts.cwd] : []),
      `env ${env} ${command}; echo "[exit $?]"; sleep 30`,
    ]);
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.name, ...args], { encoding: 'utf8' });
  }

  send(...keys: string[]): void {
    for (const k of keys) this.tmux(['send-keys', '-t', this.name, k]);
  }

  type(text: string): void {
    this.tmux(['send-keys', '-t', this.name, '-l', text]);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name]);
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < until) {
      last = this.screen();
      if (pattern.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`screen never matched ${pattern}; last screen:\n${last}`);
  }

  kill(): void {
    try {
      execFileSync('tmux', ['-L', this.name, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
