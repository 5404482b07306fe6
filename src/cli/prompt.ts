// Questions on a terminal for `ferry init`: one line each, a default in brackets, secrets not echoed.
import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Asks questions on the terminal (stdin and stderr, so stdout stays for results). */
export class Prompter {
  private muted = false;
  private readonly rl: Interface;

  constructor(
    input: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stderr,
  ) {
    // Typed secrets must not appear: while muted, the echo of the keys is dropped.
    const echo = new Writable({
      write: (chunk, _enc, done) => {
        if (!this.muted) output.write(chunk);
        done();
      },
    });
    this.rl = createInterface({ input, output: echo, terminal: true });
  }

  /** One answer; an empty line takes `fallback`. */
  async ask(question: string, o: { secret?: boolean; fallback?: string } = {}): Promise<string> {
    const shown = o.fallback !== undefined && !o.secret ? ` [${o.fallback}]` : '';
    this.output.write(`${question}${shown}: `);
    this.muted = o.secret === true;
    try {
      const answer = (await this.rl.question('')).trim();
      return answer === '' ? (o.fallback ?? '') : answer;
    } finally {
      if (this.muted) this.output.write('\n');
      this.muted = false;
    }
  }

  /** Releases the terminal. */
  close(): void {
    this.rl.close();
  }
}
