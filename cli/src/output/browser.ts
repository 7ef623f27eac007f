import { spawn } from 'node:child_process';

/**
 * The platform's opener (`open` on macOS, `xdg-open` in a graphical Linux session), started detached; only when a
 * person is at a terminal. Never fails: without a browser the address printed on the terminal is the way.
 */
export function systemBrowser(options: { interactive: boolean; display: boolean }): (url: string) => boolean {
  return (url) => {
    const opener =
      process.platform === 'darwin'
        ? 'open'
        : process.platform === 'linux' && options.display
          ? 'xdg-open'
          : undefined;
    if (!opener || !options.interactive) return false;
    try {
      const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
      child.on('error', () => undefined);
      child.unref();
      return true;
    } catch {
      return false;
    }
  };
}
