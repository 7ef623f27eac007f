/** Keeps the last lines a child process printed, so a failed start can explain itself without flooding logs. */
export class OutputTail {
  private lines: string[] = [];

  constructor(private readonly maxLines = 40) {}

  push(chunk: string): void {
    for (const line of chunk.split('\n')) {
      if (line.trim() === '') continue;
      this.lines.push(line);
    }
    if (this.lines.length > this.maxLines) this.lines = this.lines.slice(-this.maxLines);
  }

  text(): string {
    return this.lines.join('\n');
  }
}
