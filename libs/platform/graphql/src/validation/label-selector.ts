import { ValidationFailedError } from '../errors/domain-error.js';
import { replaceControlCharacters } from './text.js';

/** One requirement of a Kubernetes label selector; a selector holds when all of its requirements do. */
export type LabelRequirement =
  | { op: 'exists'; key: string }
  | { op: 'absent'; key: string }
  | { op: 'equals'; key: string; value: string }
  | { op: 'notEquals'; key: string; value: string }
  | { op: 'in'; key: string; values: string[] }
  | { op: 'notIn'; key: string; values: string[] };

export const MAX_LABEL_SELECTOR_LENGTH = 4096;
const MAX_NAME_LENGTH = 63;
const MAX_PREFIX_LENGTH = 253;
// Each pattern runs only on text already known to be at most 63 characters long.
const NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

type Token =
  | { kind: 'word'; text: string }
  | { kind: '(' | ')' | ',' | '!' | '=' | '==' | '!=' }
  | { kind: 'end' };

/**
 * Parses a Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`; commas join
 * requirements that must all hold), refusing with BAD_USER_INPUT naming `field` whatever Kubernetes would refuse:
 * keys and values are checked against Kubernetes' own syntax. A single left-to-right pass over a bounded input,
 * with no pattern ever run on more than 63 characters: its cost grows linearly with the selector, whatever it holds.
 */
export function parseLabelSelector(selector: string, field = 'labelSelector'): LabelRequirement[] {
  if (selector.length > MAX_LABEL_SELECTOR_LENGTH) {
    throw new ValidationFailedError(field, `must be at most ${MAX_LABEL_SELECTOR_LENGTH} characters`);
  }
  if (selector.trim() === '') return [];
  return new SelectorParser(tokenize(selector), field).parse();
}

const WORD_END = /[\s(),!=]/;

function tokenize(selector: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < selector.length) {
    const ch = selector.charAt(i);
    const next = selector.charAt(i + 1);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch });
      i++;
    } else if (ch === '!' || ch === '=') {
      const kind = next === '=' ? (ch === '!' ? '!=' : '==') : ch;
      tokens.push({ kind });
      i += kind.length;
    } else {
      const start = i;
      while (i < selector.length && !WORD_END.test(selector.charAt(i))) i++;
      tokens.push({ kind: 'word', text: selector.slice(start, i) });
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

class SelectorParser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly field: string,
  ) {}

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      requirements.push(this.requirement());
      const separator = this.take();
      if (separator.kind === 'end') return requirements;
      if (separator.kind !== ',') throw this.error(`has ${describe(separator)} where "," or the end belongs`);
    }
  }

  private requirement(): LabelRequirement {
    const first = this.take();
    if (first.kind === '!') return { op: 'absent', key: this.key(this.take()) };
    if (first.kind === ',' || first.kind === 'end') throw this.error('has an empty requirement');
    const key = this.key(first);
    const operator = this.peek();
    switch (operator.kind) {
      case ',':
      case 'end':
        return { op: 'exists', key };
      case '=':
      case '==':
      case '!=': {
        this.take();
        const value = this.optionalValue();
        return operator.kind === '!=' ? { op: 'notEquals', key, value } : { op: 'equals', key, value };
      }
      case 'word':
        if (operator.text === 'in' || operator.text === 'notin') {
          this.take();
          const values = this.valueSet(key, operator.text);
          return operator.text === 'in' ? { op: 'in', key, values } : { op: 'notIn', key, values };
        }
        throw this.error(`has "${printable(operator.text)}" where an operator belongs`);
      case '(':
      case ')':
      case '!':
        throw this.error(`has ${describe(operator)} where an operator belongs`);
    }
  }

  /** `( v1, v2, … )`; a value may be empty, the list may not. */
  private valueSet(key: string, op: string): string[] {
    if (this.take().kind !== '(') throw this.error(`"${printable(key)} ${op}" needs a list in parentheses`);
    const values: string[] = [];
    for (;;) {
      values.push(this.optionalValue());
      const after = this.take();
      if (after.kind === ')') break;
      if (after.kind === 'end') throw this.error('has unbalanced parentheses');
      if (after.kind !== ',') throw this.error(`has ${describe(after)} inside a list of values`);
    }
    if (values.length === 1 && values[0] === '') {
      throw this.error(`"${printable(key)} ${op}" needs at least one value`);
    }
    return values;
  }

  private key(token: Token): string {
    if (token.kind !== 'word') throw this.error(`has ${describe(token)} where a label key belongs`);
    if (!isLabelKey(token.text)) throw this.error(`"${printable(token.text)}" is not a valid label key`);
    return token.text;
  }

  /** A label value, or '' when none is written (`a=`, `a in (x,)`). */
  private optionalValue(): string {
    const token = this.peek();
    if (token.kind !== 'word') return '';
    this.take();
    if (token.text.length > MAX_NAME_LENGTH || !NAME.test(token.text)) {
      throw this.error(`"${printable(token.text)}" is not a valid label value`);
    }
    return token.text;
  }

  private take(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.position++;
    return token;
  }

  private peek(): Token {
    return this.tokens[this.position] ?? { kind: 'end' };
  }

  private error(message: string): ValidationFailedError {
    return new ValidationFailedError(this.field, message);
  }
}

/** `[prefix/]name`: the prefix a DNS subdomain of at most 253 characters, the name at most 63. */
function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (name.length > MAX_NAME_LENGTH || !NAME.test(name)) return false;
  if (slash === -1) return true;
  const prefix = key.slice(0, slash);
  if (prefix.length > MAX_PREFIX_LENGTH) return false;
  return prefix.split('.').every((label) => label.length <= MAX_NAME_LENGTH && DNS_LABEL.test(label));
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'nothing';
  if (token.kind === 'word') return `"${printable(token.text)}"`;
  return `"${token.kind}"`;
}

/** Echoes caller input in an error without control characters and without letting it grow the message. */
function printable(text: string): string {
  const clean = replaceControlCharacters(text, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
