import { useCallback, useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** The terminal's size (or the given one, in tests), updated on resize. */
export function useTerminalSize(width?: number, height?: number): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = useCallback(
    () => ({ columns: width ?? (stdout.columns || 80), rows: height ?? (stdout.rows || 24) }),
    [stdout, width, height],
  );
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, read]);
  return size;
}
