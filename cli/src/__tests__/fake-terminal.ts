import type { Terminal } from '../output/terminal.js';

/** A Terminal that records what commands write; a pipe unless told otherwise. */
export function fakeTerminal(overrides: Partial<Terminal> & { stdin?: string } = {}) {
  const written = { out: '', err: '' };
  const terminal: Terminal = {
    out: (text) => void (written.out += text),
    err: (text) => void (written.err += text),
    width: undefined,
    color: false,
    interactive: false,
    readStdin: () => Promise.resolve(overrides.stdin ?? ''),
    promptSecret: () => Promise.reject(new Error('no terminal')),
    ...overrides,
  };
  return { terminal, written };
}
