// REDCap logic for `filterLogic`: comparisons (`=`, `<>`, `!=`, `<`, `<=`, `>`, `>=`) between
// `[field]`, `[event][field]`, checkbox `[field(code)]`, string and number literals, joined by
// `and`/`or` with parentheses. Anything else (functions such as datediff, smart variables) is
// refused with a 400 rather than silently mis-evaluated.

import { ApiError, INVENTED_MESSAGES } from './errors.ts';
import type { ProjectSchema } from './project-schema.ts';

export type Operand =
  | { kind: 'literal'; value: string }
  | { kind: 'field'; event: string | undefined; field: string; code: string | undefined };

export type LogicNode =
  | { kind: 'and' | 'or'; left: LogicNode; right: LogicNode }
  | { kind: 'compare'; op: ComparisonOp; left: Operand; right: Operand };

type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

type Token =
  | { kind: 'ref'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'op'; text: ComparisonOp }
  | { kind: 'word'; text: string }
  | { kind: '(' | ')' };

function syntaxError(detail: string): ApiError {
  return new ApiError(400, INVENTED_MESSAGES.filterLogic(detail));
}

function tokenize(logic: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < logic.length) {
    const ch = logic[i] ?? '';
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '[') {
      const end = logic.indexOf(']', i);
      if (end < 0) throw syntaxError('a "[" is never closed');
      tokens.push({ kind: 'ref', text: logic.slice(i + 1, end).trim() });
      i = end + 1;
    } else if (ch === "'" || ch === '"') {
      const end = logic.indexOf(ch, i + 1);
      if (end < 0) throw syntaxError('a quoted value is never closed');
      tokens.push({ kind: 'string', text: logic.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch });
      i++;
    } else {
      const rest = logic.slice(i);
      const op = /^(<>|!=|<=|>=|==|=|<|>)/.exec(rest)?.[1];
      const number = /^-?\d+(\.\d+)?/.exec(rest)?.[0];
      const word = /^([A-Za-z_]\w*|&&|\|\|)/.exec(rest)?.[1];
      if (op !== undefined) {
        tokens.push({ kind: 'op', text: op === '!=' ? '<>' : op === '==' ? '=' : (op as ComparisonOp) });
        i += op.length;
      } else if (number !== undefined) {
        tokens.push({ kind: 'number', text: number });
        i += number.length;
      } else if (word !== undefined) {
        // REDCap functions (datediff, if, sum, …) are beyond this sandbox: refuse, never guess.
        const keyword = /^(and|or|not)$/i.test(word);
        if (!keyword && /^\s*\(/.test(logic.slice(i + word.length))) throw syntaxError(`the function "${word}" is not supported`);
        tokens.push({ kind: 'word', text: word.toLowerCase() });
        i += word.length;
      } else {
        throw syntaxError(`unexpected "${ch}"`);
      }
    }
  }
  return tokens;
}

class Parser {
  readonly #tokens: Token[];
  readonly #schema: ProjectSchema;
  #at = 0;

  constructor(tokens: Token[], schema: ProjectSchema) {
    this.#tokens = tokens;
    this.#schema = schema;
  }

  parse(): LogicNode {
    const node = this.#or();
    if (this.#at < this.#tokens.length) throw syntaxError('unexpected text after the end of the logic');
    return node;
  }

  #peekWord(): string | undefined {
    const token = this.#tokens[this.#at];
    return token?.kind === 'word' ? token.text : undefined;
  }

  #or(): LogicNode {
    let node = this.#and();
    while (this.#peekWord() === 'or' || this.#peekWord() === '||') {
      this.#at++;
      node = { kind: 'or', left: node, right: this.#and() };
    }
    return node;
  }

  #and(): LogicNode {
    let node = this.#primary();
    while (this.#peekWord() === 'and' || this.#peekWord() === '&&') {
      this.#at++;
      node = { kind: 'and', left: node, right: this.#primary() };
    }
    return node;
  }

  #primary(): LogicNode {
    const token = this.#tokens[this.#at];
    if (token?.kind === '(') {
      this.#at++;
      const node = this.#or();
      if (this.#tokens[this.#at]?.kind !== ')') throw syntaxError('a "(" is never closed');
      this.#at++;
      return node;
    }
    const left = this.#operand();
    const op = this.#tokens[this.#at];
    if (op?.kind !== 'op') throw syntaxError('expected a comparison such as = or <>');
    this.#at++;
    return { kind: 'compare', op: op.text, left, right: this.#operand() };
  }

  #operand(): Operand {
    const token = this.#tokens[this.#at++];
    if (token === undefined) throw syntaxError('the logic ends too early');
    if (token.kind === 'string' || token.kind === 'number') return { kind: 'literal', value: token.text };
    if (token.kind !== 'ref') {
      const shown = token.kind === 'word' || token.kind === 'op' ? token.text : token.kind;
      throw syntaxError(`unexpected "${shown}"`);
    }
    // `[event][field]`: a second bracket right after the first.
    let event: string | undefined;
    let reference = token.text;
    const next = this.#tokens[this.#at];
    if (next?.kind === 'ref') {
      event = token.text;
      reference = next.text;
      this.#at++;
      if (this.#schema.event(event) === undefined) throw syntaxError(`"${event}" is not a unique event name`);
    }
    const parts = /^([a-z][a-z0-9_]*)(?:\(([^()]+)\))?$/.exec(reference);
    if (parts === null) throw syntaxError(`"[${reference}]" is not a field`);
    const [, field = '', code] = parts;
    const definition = this.#schema.field(field);
    const form = this.#schema.formOfComplete(field);
    if (definition === undefined && form === undefined) throw syntaxError(`"${field}" is not a field in this project`);
    if (code !== undefined) {
      if (definition?.type !== 'checkbox') throw syntaxError(`"${field}" is not a checkbox field`);
      if (!this.#schema.choices(field).some((choice) => choice.code === code)) throw syntaxError(`"${code}" is not a choice of "${field}"`);
    }
    return { kind: 'field', event, field, code };
  }
}

export function parseLogic(logic: string, schema: ProjectSchema): LogicNode {
  return new Parser(tokenize(logic), schema).parse();
}

/** Reads `[field]`, `[event][field]` and `[field(code)]` in the row being tested. */
export type ValueLookup = (operand: Extract<Operand, { kind: 'field' }>) => string;

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

function compare(op: ComparisonOp, left: string, right: string): boolean {
  // Numbers compare as numbers; anything else compares as text. A blank never orders against a value.
  const numeric = isNumber(left) && isNumber(right);
  const a: number | string = numeric ? Number(left) : left;
  const b: number | string = numeric ? Number(right) : right;
  if (op === '=') return a === b;
  if (op === '<>') return a !== b;
  if (!numeric && (left === '' || right === '')) return false;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

export function evaluateLogic(node: LogicNode, lookup: ValueLookup): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateLogic(node.left, lookup) && evaluateLogic(node.right, lookup);
    case 'or':
      return evaluateLogic(node.left, lookup) || evaluateLogic(node.right, lookup);
    case 'compare': {
      const value = (operand: Operand): string => (operand.kind === 'literal' ? operand.value : lookup(operand));
      return compare(node.op, value(node.left), value(node.right));
    }
  }
}
