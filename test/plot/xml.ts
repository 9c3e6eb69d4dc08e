// A tiny, strict XML well-formedness checker and tree builder for the SVG tests (character scanner, no
// regular expressions): balanced and properly nested tags, one root element, quoted and unique attributes,
// only the five predefined entities and character references, no stray `<` or `&`.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Character data directly inside this element, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const isNameStart = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c === ':' || c > '\u00bf';
const isNameChar = (c: string): boolean => isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.';
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

export class XmlError extends Error {}

/** Parse `xml`; throws an `XmlError` naming the offset on anything not well-formed. */
export function parseXml(xml: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const err = (why: string): never => {
    throw new XmlError(`${why} at offset ${i}: …${xml.slice(Math.max(0, i - 40), i + 40)}…`);
  };

  const decode = (s: string): string => {
    let out = '';
    for (let k = 0; k < s.length; k++) {
      const c = s[k]!;
      if (c === '<') err('"<" in character data or attribute value');
      if (c !== '&') {
        out += c;
        continue;
      }
      const end = s.indexOf(';', k);
      if (end < 0) err('unterminated entity');
      const name = s.slice(k + 1, end);
      if (name.startsWith('#x')) {
        const code = Number.parseInt(name.slice(2), 16);
        if (!(name.length > 2 && Number.isFinite(code) && [...name.slice(2)].every((h) => '0123456789abcdefABCDEF'.includes(h)))) err(`bad reference &${name};`);
        out += String.fromCodePoint(code);
      } else if (name.startsWith('#')) {
        const digits = name.slice(1);
        if (!(digits.length > 0 && [...digits].every((d) => d >= '0' && d <= '9'))) err(`bad reference &${name};`);
        out += String.fromCodePoint(Number(digits));
      } else {
        const v = ENTITIES[name];
        if (v === undefined) err(`unknown entity &${name};`);
        out += v;
      }
      k = end;
    }
    return out;
  };

  const readName = (): string => {
    const start = i;
    if (!(i < xml.length && isNameStart(xml[i]!))) err('expected a name');
    while (i < xml.length && isNameChar(xml[i]!)) i++;
    return xml.slice(start, i);
  };
  const skipSpace = (): void => {
    while (i < xml.length && isSpace(xml[i]!)) i++;
  };

  while (i < xml.length) {
    const c = xml[i]!;
    if (c !== '<') {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      const raw = xml.slice(i, end);
      const text = decode(raw);
      const top = stack[stack.length - 1];
      if (top) top.text += text;
      else if ([...raw].some((ch) => !isSpace(ch))) err('text outside the root element');
      i = end;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) err('unterminated comment');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<?', i)) {
      if (root || stack.length) err('processing instruction after the root started');
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) err('unterminated processing instruction');
      i = end + 2;
      continue;
    }
    if (xml.startsWith('<!', i)) err('DOCTYPE/CDATA not expected in generated SVG');
    if (xml.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (xml[i] !== '>') err('expected ">" after a closing tag name');
      i++;
      const top = stack.pop();
      if (!top) err(`closing tag </${name}> without an open element`);
      if (top!.name !== name) err(`closing tag </${name}> does not match <${top!.name}>`);
      continue;
    }
    // Start tag.
    i++;
    const name = readName();
    const attrs: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (xml.startsWith('/>', i) || xml[i] === '>') break;
      if (i === before) err('expected white space before an attribute');
      const an = readName();
      if (an in attrs) err(`duplicate attribute ${an}`);
      skipSpace();
      if (xml[i] !== '=') err(`expected "=" after attribute ${an}`);
      i++;
      skipSpace();
      const q = xml[i];
      if (q !== '"' && q !== "'") err(`unquoted value of attribute ${an}`);
      const end = xml.indexOf(q!, i + 1);
      if (end < 0) err(`unterminated value of attribute ${an}`);
      attrs[an] = decode(xml.slice(i + 1, end));
      i = end + 1;
    }
    const el: XmlElement = { name, attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) err('a second root element');
    else root = el;
    if (xml.startsWith('/>', i)) i += 2;
    else {
      i++;
      stack.push(el);
    }
  }
  if (stack.length) err(`unclosed element <${stack[stack.length - 1]!.name}>`);
  if (!root) err('no root element');
  return root!;
}

/** Every element in document order (the root included). */
export function elements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}

/** Elements whose `class` attribute contains every one of `classes`. */
export function byClass(root: XmlElement, ...classes: string[]): XmlElement[] {
  return elements(root).filter((e) => {
    const list = (e.attrs['class'] ?? '').split(' ');
    return classes.every((c) => list.includes(c));
  });
}

/** All text inside an element, descendants included. */
export function textOf(e: XmlElement): string {
  return e.text + e.children.map(textOf).join('');
}
