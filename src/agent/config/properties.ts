/** One `key = value` entry of a Java properties file, with the line it starts on. */
export interface PropertyEntry {
  key: string;
  value: string;
  line: number;
}

/** An invalid `\uXXXX` escape, the one thing java.util.Properties rejects. */
export class PropertiesSyntaxError extends Error {
  override readonly name = 'PropertiesSyntaxError';
}

/**
 * Parses text the way java.util.Properties.load does, since Flume reads its
 * files with it: `#`/`!` comments, `=`, `:` or whitespace separators,
 * backslash line continuations and escapes. Entries come back in file order;
 * a repeated key appears twice and the caller decides (Java keeps the last).
 */
export function parseProperties(text: string): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let logical = stripLeadingWhitespace(lines[i]!);
    if (logical === '' || logical.startsWith('#') || logical.startsWith('!')) continue;
    while (endsWithOddBackslashes(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + stripLeadingWhitespace(lines[++i]!);
    }
    if (endsWithOddBackslashes(logical)) logical = logical.slice(0, -1);
    const { key, value } = splitKeyValue(logical, startLine);
    entries.push({ key, value, line: startLine });
  }
  return entries;
}

function stripLeadingWhitespace(s: string): string {
  return s.replace(/^[ \t\f]+/, '');
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let j = s.length - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

function splitKeyValue(logical: string, line: number): { key: string; value: string } {
  let keyEnd = 0;
  while (keyEnd < logical.length) {
    const c = logical[keyEnd]!;
    if (c === '\\') {
      keyEnd += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    keyEnd++;
  }
  let v = keyEnd;
  while (v < logical.length && /[ \t\f]/.test(logical[v]!)) v++;
  if (v < logical.length && (logical[v] === '=' || logical[v] === ':')) v++;
  while (v < logical.length && /[ \t\f]/.test(logical[v]!)) v++;
  return { key: unescape(logical.slice(0, keyEnd), line), value: unescape(logical.slice(v), line) };
}

const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(s: string, line: number): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const next = s[++i]!;
    if (next === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
        throw new PropertiesSyntaxError(`line ${line}: malformed \\uxxxx escape "\\u${hex}"; write four hex digits or escape the backslash as \\\\`);
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else {
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  return out;
}
