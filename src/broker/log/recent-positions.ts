/**
 * File positions of batch starts recently appended or served, keyed by the
 * batch's base offset: a consumer tailing the log asks for exactly these, and
 * then needs no index lookup or header scan.
 */
export class RecentPositions {
  private readonly positions = new Map<number, number>();

  constructor(private readonly capacity: number) {}

  get(offset: number): number | undefined {
    return this.positions.get(offset);
  }

  set(offset: number, position: number): void {
    if (this.positions.size >= this.capacity && !this.positions.has(offset)) {
      const oldest = this.positions.keys().next().value as number;
      this.positions.delete(oldest);
    }
    this.positions.set(offset, position);
  }

  clear(): void {
    this.positions.clear();
  }
}
