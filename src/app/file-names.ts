/** A timestamp safe in file names: `2026-11-21T20-46-24`. */
export function fileStamp(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

/** Where a playbook session's transcript goes when `--transcript` is not given. */
export function transcriptFileName(playbookId: string, startedAt = new Date()): string {
  return `aks-netiso-playbook-${playbookId}-${fileStamp(startedAt)}.md`;
}
