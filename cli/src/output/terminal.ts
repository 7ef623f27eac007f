/** What the CLI writes to, and what it knows about it: a terminal (colour, spinners, width) or a pipe. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  /** Columns tables may use; undefined: unlimited (output is not a terminal and COLUMNS is unset). */
  readonly width: number | undefined;
  /** Colour on stdout: only on a terminal, and never with NO_COLOR. */
  readonly color: boolean;
  /** Spinners on stderr: only when stderr is a terminal. */
  readonly interactive: boolean;
  /** Standard input, for `--password-stdin` and `-` as a file. */
  readStdin(): Promise<string>;
  /** Asks on the terminal (without echo unless asked); fails when there is no terminal to ask on. */
  promptSecret(question: string, options?: { echo?: boolean }): Promise<string>;
}

const ANSI = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] } as const;
export type Style = keyof typeof ANSI;

export function paint(terminal: Pick<Terminal, 'color'>, style: Style, text: string): string {
  if (!terminal.color) return text;
  const [open, close] = ANSI[style];
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

// eslint-disable-next-line no-control-regex -- the escape sequences paint() writes
const ESCAPES = /\u001b\[[0-9;]*m/g;

export function stripEscapes(text: string): string {
  return text.replace(ESCAPES, '');
}

/** Columns a string takes on screen (colour escapes take none). */
export function visibleLength(text: string): number {
  return [...stripEscapes(text)].length;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

/** A spinner on stderr while something waits; on a pipe it prints nothing (logs stay clean). */
export function startSpinner(terminal: Terminal, text: string): Spinner {
  if (!terminal.interactive) return { update: () => undefined, stop: () => undefined };
  let frame = 0;
  let label = text;
  const draw = () => terminal.err(`\r\u001b[2K${FRAMES[frame++ % FRAMES.length] ?? ''} ${label}`);
  draw();
  const timer = setInterval(draw, 80);
  return {
    update: (next) => {
      label = next;
    },
    stop: () => {
      clearInterval(timer);
      terminal.err('\r\u001b[2K');
    },
  };
}
