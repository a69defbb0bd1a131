import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';

describe('cli', () => {
  it('prints help', () => {
    const out = execFileSync(process.execPath, ['bin/aks-netiso.js', '--help'], { encoding: 'utf8' });
    expect(out).toContain('network isolated AKS');
  });
});
