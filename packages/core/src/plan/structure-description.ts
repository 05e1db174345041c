/**
 * A page without prose (an API reference page of signatures and member lists) described from its structure:
 * which members of which kinds it documents, read from its kind headings ("Functions", "Classes", "Type
 * Aliases" ...) and the names listed under them, or from a title that names a member ("Function wait",
 * "Class Foo"). Generic: any generator that heads its member lists by kind (TypeDoc, rustdoc, Javadoc, pdoc,
 * Sphinx autosummary ...), not one generator's markup.
 */
import type { CrawledPage } from '../types.js';

/** Member kinds as headings name them (plural or singular), with the singular a sentence uses. */
const KINDS: [RegExp, string, string][] = [
  [/^functions?$/i, 'function', 'functions'],
  [/^(classes|class)$/i, 'class', 'classes'],
  [/^interfaces?$/i, 'interface', 'interfaces'],
  [/^type aliases$|^type alias$/i, 'type alias', 'type aliases'],
  [/^types?$/i, 'type', 'types'],
  [/^variables?$/i, 'variable', 'variables'],
  [/^(constants?|consts?)$/i, 'constant', 'constants'],
  [/^(enumerations?|enums?)$/i, 'enumeration', 'enumerations'],
  [/^methods?$/i, 'method', 'methods'],
  [/^(properties|property)$/i, 'property', 'properties'],
  [/^accessors?$/i, 'accessor', 'accessors'],
  [/^constructors?$/i, 'constructor', 'constructors'],
  [/^(modules?|submodules)$/i, 'module', 'modules'],
  [/^(packages?|subpackages)$/i, 'package', 'packages'],
  [/^namespaces?$/i, 'namespace', 'namespaces'],
  [/^(structs?|structures?)$/i, 'struct', 'structs'],
  [/^traits?$/i, 'trait', 'traits'],
  [/^macros?$/i, 'macro', 'macros'],
  [/^(exceptions?|errors?)$/i, 'exception', 'exceptions'],
  [/^events?$/i, 'event', 'events'],
  [/^hooks?$/i, 'hook', 'hooks'],
  [/^components?$/i, 'component', 'components'],
  [/^endpoints?$/i, 'endpoint', 'endpoints'],
];

/** A title naming one member: "Function wait", "Class DeferredPromise<T>", "Interface Foo". */
const TITLE_MEMBER =
  /^(function|class|interface|type alias|type|variable|constant|enumeration|enum|namespace|module|package|struct|trait|macro|method|hook|component|exception)\s+([\p{L}_$][\p{L}\p{N}_$.:-]*)/iu;

const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$.:]*(\(\))?$/u;
/** Words that make a line prose rather than a list of names. */
const PROSE_WORD =
  /\b(the|an|is|are|was|be|of|to|in|for|with|and|or|this|that|it|you|we|can|by|from|as|at)\b/i;
/** camelCase, snake_case, a dotted path, a sigil, a digit, or all lower case: a code name, not a topic. */
const CODE_NAME = /[\p{Ll}\p{N}][\p{Lu}]|[_$.:\p{N}]|^[\p{Ll}_$][\p{Ll}\p{N}_$]*$/u;
const NAMES_SHOWN = 3;
const MAX_NAMES_PER_LINE = 60;

function kindOf(line: string): [string, string] | undefined {
  const clean = line.replace(/[:\s]+$/, '').trim();
  for (const [pattern, singular, plural] of KINDS) if (pattern.test(clean)) return [singular, plural];
  return undefined;
}

/** A name as a reader sees it: generic parameters and call parentheses dropped ('Foo<T>' -> 'Foo'). */
function plainName(name: string): string {
  return name.replace(/<[^<>]*>/g, '').replace(/\(\)$/, '');
}

function namesIn(line: string): string[] {
  if (PROSE_WORD.test(line) || /[.!?]\s|[.!?]$/.test(line)) return [];
  const tokens = line.split(/[\s,]+/).filter(Boolean);
  if (tokens.length === 0 || tokens.length > MAX_NAMES_PER_LINE) return [];
  // 'Summary:', 'Detail:' are labels (a navigation bar's), not names.
  if (!tokens.every((token) => IDENTIFIER.test(token) && !token.endsWith(':'))) return [];
  // 'Use them well': a capitalised word then lower-case words is a sentence without its full stop.
  if (
    tokens.length > 1 &&
    /^\p{Lu}\p{Ll}+$/u.test(tokens[0]!) &&
    tokens.slice(1).every((t) => /^\p{Ll}+$/u.test(t))
  )
    return [];
  return tokens.map(plainName);
}

/** A line naming one member with its kind after it, as Sphinx apidoc heads them: 'weac.utils.misc module'. */
const NAMED_MEMBER = /^([\p{L}_$][\p{L}\p{N}_$.:]*)\s+(module|package|class|function|namespace)$/u;

/** The members a page lists, by kind, in page order. */
export function membersByKind(
  page: Pick<CrawledPage, 'text' | 'headings'> & { title?: string },
): Map<string, string[]> {
  const headings = new Set(page.headings.map((heading) => heading.replace(/\s+/g, ' ').trim().toLowerCase()));
  const title = (page.title ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
  const found = new Map<string, string[]>();
  const plurals = new Map<string, string>();
  let current: [string, string] | undefined;
  // A kind named by a plain line, not a heading ('Class' in a generator's top bar), needs names that read
  // as code: 'Tree Deprecated Index' after it are the bar's other items.
  let fromHeading = false;
  for (const raw of page.text.split(/\n+/)) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (!line) continue;
    // 'weac.utils.misc module': a member named with its kind (the page's own title names the page itself).
    const named = NAMED_MEMBER.exec(line);
    if (named && CODE_NAME.test(named[1]!) && line.toLowerCase() !== title) {
      const kind = kindOf(named[2]!)!;
      const list = found.get(kind[0]) ?? [];
      if (!list.includes(named[1]!)) list.push(named[1]!);
      found.set(kind[0], list);
      plurals.set(kind[0], kind[1]);
      // What follows are that member's own members, not more of its kind.
      current = undefined;
      continue;
    }
    const isHeading = headings.has(line.toLowerCase());
    const kind = isHeading || line.length <= 30 ? kindOf(line) : undefined;
    if (kind) {
      current = kind;
      fromHeading = isHeading;
      continue;
    }
    if (!current) continue;
    // A member given as its own heading reads as code ('push'); 'Settings' or 'Parameters' end the list.
    const names = isHeading
      ? IDENTIFIER.test(line) && CODE_NAME.test(plainName(line))
        ? [plainName(line)]
        : []
      : namesIn(line).filter((name) => fromHeading || CODE_NAME.test(name));
    if (isHeading && names.length === 0) {
      current = undefined;
      continue;
    }
    if (names.length === 0) continue;
    const list = found.get(current[0]) ?? [];
    for (const name of names) if (!list.includes(name)) list.push(name);
    found.set(current[0], list);
    plurals.set(current[0], current[1]);
  }
  // Keys as the sentence needs them: 'function' for one member, 'functions' for several.
  const out = new Map<string, string[]>();
  for (const [singular, names] of found)
    out.set(names.length === 1 ? singular : plurals.get(singular)!, names);
  return out;
}

function listed(names: readonly string[]): string {
  if (names.length === 1) return names[0]!;
  if (names.length <= NAMES_SHOWN + 1) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`;
}

/**
 * "Documents the functions promiseSequence, promisify, wait and 2 more, and the type alias PromiseFactory."
 * from the member lists; "Documents the function wait." from a title naming a member; '' when the page
 * shows neither (or the sentence would pass `max`). The title is read first, then the first heading.
 */
export function structureSentence(
  page: Pick<CrawledPage, 'text' | 'headings' | 'title'>,
  max: number,
): string {
  const members = membersByKind(page);
  let sentence = '';
  if (members.size > 0) {
    const parts = [...members].slice(0, 3).map(([kind, names]) => `the ${kind} ${listed(names)}`);
    const joined = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')}, and ${parts.at(-1)}`;
    sentence = `Documents ${joined}.`;
  } else {
    // The title, else the page's first heading (a title trimmed to 'wait' keeps 'Function wait' as its h1).
    const match = [page.title, page.headings[0] ?? '']
      .map((text) => TITLE_MEMBER.exec(text.replace(/\s+/g, ' ').trim()))
      .find((found) => found !== null);
    if (match) {
      const kind = match[1]!.toLowerCase() === 'enum' ? 'enumeration' : match[1]!.toLowerCase();
      const name = plainName(match[2]!).replace(/[.:-]+$/, '');
      // Only a name that reads as code: 'Type Conversion' or 'Module Federation' are topics, not members.
      const generic = match.input.slice(match.index + match[0].length).startsWith('<');
      if (name && (CODE_NAME.test(name) || generic || kind === 'type alias'))
        sentence = `Documents the ${kind} ${name}.`;
    }
  }
  return sentence.length <= max ? sentence : '';
}
