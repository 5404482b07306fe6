// A small progress bar on stderr for long cycles: redrawn at most ten times a second, only on a terminal.

/** A progress bar writing to a stream (stderr by default). */
export class ProgressBar {
  #last = 0;
  #shown = false;
  readonly #started = Date.now();

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {}

  /** Shows `done` of `total`. */
  update(done: number, total: number): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (done < total && now - this.#last < 100) return;
    this.#last = now;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * this.width);
    const rate = done / Math.max(0.001, (now - this.#started) / 1000);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`;
    this.stream.write(
      `\r${this.label} ${bar} ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} users · ${rate.toFixed(0)}/s `,
    );
    this.#shown = true;
  }

  /** Ends the line. */
  done(): void {
    if (this.#shown) this.stream.write('\n');
    this.#shown = false;
  }
}
