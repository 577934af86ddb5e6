/**
 * Splits items into the groups their links join (union-find). A link is a pair of
 * positions in `items`. Each group keeps item order, and groups come in the order of
 * their first items, so the result does not depend on the order of the links.
 */
export function connectedGroups<T>(items: readonly T[], links: Iterable<readonly [number, number]>): T[][] {
  const root = items.map((_, i) => i);
  const find = (i: number): number => {
    while (root[i] !== i) i = root[i] = root[root[i]!]!;
    return i;
  };
  for (const [x, y] of links) {
    const a = find(x);
    const b = find(y);
    if (a !== b) root[Math.max(a, b)] = Math.min(a, b);
  }
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const group = groups.get(find(i));
    if (group === undefined) groups.set(find(i), [item]);
    else group.push(item);
  });
  return [...groups.values()];
}
