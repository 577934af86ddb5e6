/** One CSV record: the line it starts on (1-based), its text without the line ending, and its fields. */
export class CsvRecord {
  #fields: string[] | undefined;

  constructor(
    readonly line: number,
    readonly text: string,
    fields?: string[],
    /** Set when the record could not be split (an unterminated quoted field); `fields` is then empty. */
    readonly error?: string,
  ) {
    this.#fields = fields;
  }

  /** True when no field is quoted, so the fields are exactly the text cut at each comma. */
  get plain(): boolean {
    return this.#fields === undefined;
  }

  /** Split on first use: readers with a fast path over `text` never pay for the array. */
  get fields(): string[] {
    return (this.#fields ??= this.text.split(','));
  }
}

/**
 * Splits CSV text into records as chunks arrive, so a file of any size is read
 * in constant memory. Handles a UTF-8 BOM, LF and CRLF endings, RFC 4180 quoted
 * fields (doubled quotes, commas and line breaks inside quotes) and skips blank
 * lines. A quote is only special at the start of a field, as in Python's csv
 * module, so a stray quote inside a field stays literal instead of swallowing
 * the lines that follow.
 */
export class CsvSplitter {
  #rest = '';
  #line = 0;
  #started = false;
  #pending: { line: number; text: string } | undefined;

  /** @param maxRecordChars a quoted record that runs longer than this is cut off and reported. */
  constructor(readonly maxRecordChars = 1 << 20) {}

  push(chunk: string): CsvRecord[] {
    if (!this.#started && chunk.length > 0) {
      this.#started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const text = this.#rest.length > 0 ? this.#rest + chunk : chunk;
    const out: CsvRecord[] = [];
    let pos = 0;
    for (let nl = text.indexOf('\n', pos); nl !== -1; nl = text.indexOf('\n', pos)) {
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.#takeLine(text.slice(pos, end), out);
      pos = nl + 1;
    }
    this.#rest = text.slice(pos);
    return out;
  }

  /** Call once the input is exhausted: returns the last line if it had no line ending, and any unfinished record. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.#rest.length > 0) {
      const last = this.#rest.endsWith('\r') ? this.#rest.slice(0, -1) : this.#rest;
      this.#rest = '';
      this.#takeLine(last, out);
    }
    if (this.#pending) {
      out.push(new CsvRecord(this.#pending.line, this.#pending.text, [], 'unterminated quoted field at end of file'));
      this.#pending = undefined;
    }
    return out;
  }

  #takeLine(lineText: string, out: CsvRecord[]): void {
    const line = ++this.#line;
    if (this.#pending) {
      const pending = this.#pending;
      pending.text += '\n' + lineText;
      const parsed = splitFields(pending.text);
      if (parsed) {
        this.#pending = undefined;
        out.push(new CsvRecord(pending.line, pending.text, parsed));
      } else if (pending.text.length > this.maxRecordChars) {
        this.#pending = undefined;
        out.push(
          new CsvRecord(pending.line, pending.text, [], `quoted field still open after ${this.maxRecordChars} characters; check for a missing closing quote`),
        );
      }
      return;
    }
    if (isBlank(lineText)) return;
    if (!lineText.includes('"')) {
      out.push(new CsvRecord(line, lineText));
      return;
    }
    const parsed = splitFields(lineText);
    if (parsed) out.push(new CsvRecord(line, lineText, parsed));
    else this.#pending = { line, text: lineText };
  }
}

/** Splits one record's text into fields; undefined when a quoted field is still open at the end. */
export function splitFields(text: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) return undefined;
        value += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Text between a closing quote and the next comma is kept as it is, as Python's csv does.
      const comma = text.indexOf(',', i);
      fields.push(value + text.slice(i, comma === -1 ? text.length : comma));
      if (comma === -1) return fields;
      i = comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      fields.push(text.slice(i, comma === -1 ? text.length : comma));
      if (comma === -1) return fields;
      i = comma + 1;
    }
  }
}

function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  // Most lines start with a digit: skip the trim for them.
  return text.length === 0 || ((c <= 32 || c === 0xa0 || c === 0xfeff || c > 0x1fff) && text.trim().length === 0);
}
