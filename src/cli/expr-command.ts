// ferry expr 'EXPRESSION' --input '{"attr": "value"}' [--now 2021-08-25T17:41:18Z] [--existing '["taken"]']
// Evaluates one attribute-mapping expression as Entra would and prints one JSON object on stdout.
import type { Command } from 'commander';
import { pointAt } from '../expr/caret.ts';
import {
  compileExpression,
  MappingExpressionError,
  MappingExpressionSyntaxError,
  type ExprContext,
  type ExprResult,
  type ExprValue,
} from '../expr/index.ts';

interface ExprOptions {
  input: string;
  now?: string;
  existing?: string;
}

/** Thrown for a usage problem (bad --input, --now or --existing): exit status 2. */
class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

function isExprValue(v: unknown): v is ExprValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return Array.isArray(v) && v.every(isExprValue);
}

function parseJson(text: string, option: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${option} is not valid JSON: ${(e as Error).message}`);
  }
}

function readAttributes(text: string): Record<string, ExprValue> {
  const input = parseJson(text, '--input');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new UsageError(
      '--input must be a JSON object of attributes, such as {"userPrincipalName": "jo@contoso.com"}',
    );
  }
  const attributes: Record<string, ExprValue> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!isExprValue(value))
      throw new UsageError(
        `--input: attribute ${JSON.stringify(name)} must be a string, number, boolean, null or a list of them`,
      );
    attributes[name] = value;
  }
  return attributes;
}

function readNow(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime()))
    throw new UsageError(
      `--now is not a date and time: ${JSON.stringify(text)} (use ISO 8601, such as 2021-08-25T17:41:18Z)`,
    );
  return d;
}

function readExisting(text: string | undefined): ExprContext['isTaken'] {
  if (text === undefined) return undefined;
  const list = parseJson(text, '--existing');
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string'))
    throw new UsageError('--existing must be a JSON list of strings, such as ["jo@contoso.com"]');
  // Directories compare names such as UPNs without regard to case.
  const taken = new Set(list.map((v) => v.toLowerCase()));
  return (value) => taken.has(value.toLowerCase());
}

function output(r: ExprResult): string {
  if (r.kind === 'ignored') return JSON.stringify({ ignored: true });
  return JSON.stringify(r.secret ? { value: r.value, secret: true } : { value: r.value });
}

/** Registers `ferry expr`. */
export function registerExpr(program: Command): void {
  program
    .command('expr')
    .description(
      'Evaluate an Entra attribute-mapping expression against attributes and print {"value": …} or {"ignored": true}',
    )
    .argument('<expression>', 'the expression, such as \'ToUpper(Word([userPrincipalName], 1, "@"), )\'')
    .option('-i, --input <json>', 'the source attributes as a JSON object', '{}')
    .option('--now <iso>', 'the time Now() returns (ISO 8601), instead of the clock')
    .option('--existing <json>', 'values already taken in the target (JSON list), for SelectUniqueValue')
    .action(async (expression: string, o: ExprOptions) => {
      let compiled: ReturnType<typeof compileExpression>;
      try {
        compiled = compileExpression(expression);
      } catch (e) {
        if (e instanceof MappingExpressionSyntaxError) {
          process.stderr.write(`ferry: expression error ${e.message}\n${pointAt(expression, e.position)}\n`);
          process.exit(2);
        }
        throw e;
      }
      try {
        const ctx: ExprContext = {
          attributes: readAttributes(o.input),
          now: readNow(o.now),
          isTaken: readExisting(o.existing),
        };
        const r = compiled.async ? await compiled.evaluateAsync(ctx) : compiled.evaluate(ctx);
        process.stdout.write(`${output(r)}\n`);
      } catch (e) {
        if (e instanceof UsageError) {
          process.stderr.write(`ferry: ${e.message}\n`);
          process.exit(2);
        }
        if (e instanceof MappingExpressionError) {
          process.stderr.write(`ferry: evaluation failed: ${e.message}\n`);
          process.exit(1);
        }
        throw e;
      }
    });
}
