/** A result message that is not in any of the shapes the dashboard reads. */
export class ResultFormatError extends Error {
  constructor(topic: string, expected: string, value: string | null | undefined) {
    const shown = value === null || value === undefined ? 'null' : value.length > 120 ? `${value.slice(0, 120)}…` : value;
    super(`a message on topic "${topic}" is not ${expected}: ${shown}; fix the job that writes it (see docs/dashboard.md for the formats)`);
    this.name = 'ResultFormatError';
  }
}

export function parseJson(topic: string, expected: string, value: string | null | undefined): unknown {
  if (value === null || value === undefined) throw new ResultFormatError(topic, expected, value);
  try {
    return JSON.parse(value);
  } catch {
    throw new ResultFormatError(topic, expected, value);
  }
}

/**
 * Key-value pairs from any of the shapes jobs write them in: `[{"0":3},{"1":6}]` (the
 * seeds' Spark job), `[["0",3],["1",6]]` (collect() and topK() of the stream library),
 * `{"0":3,"1":6}`, or `[{"page":"p1","popularity":2.5}]` with the given field names.
 */
export function pairsOf(parsed: unknown, nameFields: readonly string[] = [], valueFields: readonly string[] = []): [string, number][] | undefined {
  const out: [string, number][] = [];
  const push = (name: unknown, value: unknown): boolean => {
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if ((typeof name !== 'string' && typeof name !== 'number') || typeof n !== 'number' || !Number.isFinite(n)) return false;
    out.push([String(name), n]);
    return true;
  };
  if (Array.isArray(parsed)) {
    for (const element of parsed) {
      if (Array.isArray(element)) {
        if (element.length !== 2 || !push(element[0], element[1])) return undefined;
        continue;
      }
      if (typeof element !== 'object' || element === null) return undefined;
      const fields = element as Record<string, unknown>;
      const nameField = nameFields.find((f) => f in fields);
      const valueField = valueFields.find((f) => f in fields);
      if (nameField !== undefined && valueField !== undefined) {
        if (!push(fields[nameField], fields[valueField])) return undefined;
        continue;
      }
      for (const [k, v] of Object.entries(fields)) if (!push(k, v)) return undefined;
    }
    return out;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    for (const [k, v] of Object.entries(parsed)) if (!push(k, v)) return undefined;
    return out;
  }
  return undefined;
}
