// Command-line options of the example applications, each with an environment variable equivalent named from the
// flag (--password-cost with prefix DEMO_APP_ is DEMO_APP_PASSWORD_COST); the flag wins when both are given.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A problem with the options, meant for the person starting the app (an empty message: they asked for help). */
export class OptionsError extends Error {
  override readonly name: string = 'OptionsError';
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** Reads flags and their environment variables. */
export class OptionReader {
  private constructor(
    private readonly values: Values,
    private readonly env: NodeJS.ProcessEnv,
    private readonly prefix: string,
  ) {}

  /** Parses argv strictly (plus --help/-h, which throws an empty OptionsError). */
  static parse(
    argv: string[],
    options: NonNullable<ParseArgsConfig['options']>,
    prefix: string,
    env: NodeJS.ProcessEnv = process.env,
  ): OptionReader {
    let values: Values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { ...options, help: { type: 'boolean', short: 'h' } },
        strict: true,
      }));
    } catch (e) {
      throw new OptionsError((e as Error).message);
    }
    if (values.help) throw new OptionsError('');
    return new OptionReader(values, env, prefix);
  }

  /** The environment variable of a flag. */
  envName(name: string): string {
    return this.prefix + name.toUpperCase().replace(/-/g, '_');
  }

  /** A text option (flag, then environment), or `def`. */
  text(name: string): string | undefined;
  text(name: string, def: string): string;
  text(name: string, def?: string): string | undefined {
    const v = this.values[name];
    return (typeof v === 'string' ? v : undefined) ?? this.env[this.envName(name)] ?? def;
  }

  /** A text option that must be given; `what` names its value in the message (e.g. "DIR"). */
  required(name: string, what?: string): string {
    const v = this.text(name);
    if (!v) throw new OptionsError(`--${name}${what ? ` ${what}` : ''} (or ${this.envName(name)}) is required`);
    return v;
  }

  /** A repeatable option; its environment variable is comma-separated. */
  list(name: string): string[] {
    const v = this.values[name];
    return ((Array.isArray(v) ? v : undefined) ?? this.env[this.envName(name)]?.split(',') ?? [])
      .map((k) => k.trim())
      .filter((k) => k !== '');
  }

  /** A number option, checked by `ok`; `def` when absent. */
  num(name: string, def: number, ok: (n: number) => boolean): number {
    const raw = this.text(name);
    if (raw === undefined || raw === '') return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || !ok(n)) throw new OptionsError(`invalid --${name}: ${raw}`);
    return n;
  }

  /** A switch: the flag, or its variable set to 1, true or yes. */
  flag(name: string): boolean {
    const v = this.values[name];
    return typeof v === 'boolean'
      ? v
      : ['1', 'true', 'yes'].includes((this.env[this.envName(name)] ?? '').toLowerCase());
  }
}

/** The flags every example server has: where it listens, where its data lives, how many records to seed. */
export const SERVER_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  data: { type: 'string' },
  seed: { type: 'string' },
} as const;

/** A TCP port (0: any free port). */
export const isPort = (n: number) => Number.isInteger(n) && n >= 0 && n < 65536;
