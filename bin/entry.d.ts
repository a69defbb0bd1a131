/** The CLI's TypeScript entry, relative to the package root. */
export const SOURCE_ENTRY: string;
/** The prebuilt CLI, relative to the package root. */
export const BUILT_ENTRY: string;
/** Files and folders dist/ is built from. */
export const SOURCES: string[];
/** The newest modification time (ms) of the files under `paths` of `root`; 0 when there are none. */
export function newestSource(root: string, paths?: string[]): number;
/** True in a checkout (the sources are there), false in an installed package. */
export function hasSources(root: string): boolean;
/** 'dist' for an installed package or a fresh build, else 'src'. */
export function chooseEntry(root: string, env?: NodeJS.ProcessEnv): 'dist' | 'src';
