// Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template):
// which arguments are given (not left empty) chooses one of the reference's five behaviours, at load time.
import type { CallNode } from '../ast.ts';
import {
  dotnetRegex,
  hasGroup,
  regexGroupValue,
  regexReplace,
  regexReplaceGroup,
  RegexSyntaxError,
} from '../dotnet-regex.ts';
import { MappingExpressionError, MappingExpressionSyntaxError } from '../errors.ts';
import { isNullOrEmpty, toStr, type Arg, type Val } from '../values.ts';
import type { FunctionSpec } from './spec.ts';

const SOURCE = 0;
const OLD = 1;
const PATTERN = 2;
const GROUP = 3;
const REPLACEMENT = 4;
const ATTRIBUTE = 5;
const TEMPLATE = 6;

/** The five behaviours, named by the arguments they use. */
export type ReplaceMode =
  | 'old+replacement'
  | 'old+template'
  | 'pattern+replacement'
  | 'pattern+group+replacement'
  | 'pattern+group+attribute';

/** Which behaviour a call has, from the arguments it gives (Arg undefined = left empty or absent). */
function modeOf(given: (i: number) => boolean): ReplaceMode | null {
  if (given(PATTERN)) {
    if (given(GROUP) && given(ATTRIBUTE)) return 'pattern+group+attribute';
    if (given(GROUP) && given(REPLACEMENT)) return 'pattern+group+replacement';
    if (given(REPLACEMENT)) return 'pattern+replacement';
    return null;
  }
  if (given(OLD) && given(REPLACEMENT)) return 'old+replacement';
  if (given(OLD) && given(TEMPLATE)) return 'old+template';
  return null;
}

function check(call: CallNode): void {
  const given = (i: number): boolean => i < call.args.length && call.args[i].kind !== 'omitted';
  if (!given(SOURCE))
    throw new MappingExpressionSyntaxError(call.args[0]?.pos ?? call.close, 'Replace needs a source', [
      'a source value',
    ]);
  if (modeOf(given) === null) {
    throw new MappingExpressionSyntaxError(
      call.pos,
      'Replace needs oldValue with replacementValue or template, or regexPattern with replacementValue, regexGroupName and replacementValue, or regexGroupName and replacementAttributeName',
      [],
    );
  }
  // A constant pattern (the usual case) is checked now, with its group name, rather than on every object.
  const pattern = call.args[PATTERN];
  if (pattern?.kind === 'literal' && typeof pattern.value === 'string') {
    try {
      dotnetRegex(pattern.value);
    } catch (e) {
      if (e instanceof RegexSyntaxError)
        throw new MappingExpressionSyntaxError(pattern.pos, e.message, ['a valid regular expression']);
      throw e;
    }
    const group = call.args[GROUP];
    if (group?.kind === 'literal' && typeof group.value === 'string' && !hasGroup(pattern.value, group.value)) {
      throw new MappingExpressionSyntaxError(
        group.pos,
        `regexPattern has no group named ${JSON.stringify(group.value)}`,
        ['the name of a group of regexPattern'],
      );
    }
  }
}

function replace(args: Arg[]): Val {
  const arg = (i: number): Arg => (i < args.length ? args[i] : undefined);
  const mode = modeOf((i) => arg(i) !== undefined);
  const text = (i: number): string => toStr(arg(i) as Val);
  const source = arg(SOURCE);
  try {
    switch (mode) {
      case 'old+replacement':
        if (source === null || arg(OLD) === null || arg(REPLACEMENT) === null) return null;
        return text(OLD) === '' ? text(SOURCE) : text(SOURCE).replaceAll(text(OLD), text(REPLACEMENT));
      case 'old+template':
        // "oldValue" is the placeholder in the template that the source replaces.
        if (source === null || arg(OLD) === null || arg(TEMPLATE) === null) return null;
        return text(OLD) === '' ? text(TEMPLATE) : text(TEMPLATE).replaceAll(text(OLD), text(SOURCE));
      case 'pattern+replacement':
        if (source === null || arg(PATTERN) === null || arg(REPLACEMENT) === null) return null;
        return regexReplace(text(SOURCE), text(PATTERN), text(REPLACEMENT));
      case 'pattern+group+replacement':
        if (source === null || arg(PATTERN) === null || arg(GROUP) === null || arg(REPLACEMENT) === null) return null;
        return regexReplaceGroup(text(SOURCE), text(PATTERN), text(GROUP), text(REPLACEMENT));
      case 'pattern+group+attribute': {
        // The source when it has a value; otherwise the group's text in the replacement attribute.
        if (!isNullOrEmpty(source)) return source as Val;
        const other = arg(ATTRIBUTE);
        if (other === null || arg(PATTERN) === null || arg(GROUP) === null) return null;
        return regexGroupValue(text(ATTRIBUTE), text(PATTERN), text(GROUP));
      }
      default:
        return null;
    }
  } catch (e) {
    if (e instanceof RegexSyntaxError) throw new MappingExpressionError(e.message, 'invalidValue', 'Replace');
    throw e;
  }
}

/** Replace. */
export const REPLACE_FUNCTION: FunctionSpec = {
  name: 'Replace',
  params: [
    'source',
    'oldValue',
    'regexPattern',
    'regexGroupName',
    'replacementValue',
    'replacementAttributeName',
    'template',
  ],
  min: 1,
  max: 7,
  eachValue: true,
  nullPropagates: false,
  pure: true,
  check,
  call: replace,
};
