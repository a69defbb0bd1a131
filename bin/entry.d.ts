/** The newest modification time (ms) of the files under `dirs` (folders or files) of `root`; 0 when there are none. */
export function newestSource(root: string, dirs?: string[]): number;
/** 'dist' when dist/cli.js is at least as new as every source file, else 'src'. */
export function chooseEntry(root: string, env?: NodeJS.ProcessEnv): 'dist' | 'src';
