import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../bin/aks-netiso.js');

/**
 * A real terminal for end-to-end tests: the CLI runs in a detached tmux session, keys are sent
 * one call at a time (several keys in one send-keys arrive together: see toolchain-notes), and
 * the screen is read back with capture-pane.
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
    execFileSync('tmux', [
      'new-session', '-d', '-s', this.name, '-x', String(opts.width ?? 100), '-y', String(opts.height ?? 30),
      ...(opts.cwd ? ['-c', opts.cwd] : []),
      `env ${env} ${command}; echo "[exit $?]"; sleep 30`,
    ]);
  }

  send(...keys: string[]): void {
    for (const k of keys) execFileSync('tmux', ['send-keys', '-t', this.name, k]);
  }

  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
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
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
