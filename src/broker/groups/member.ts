export interface GroupProtocol {
  name: string;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Filled for the leader only: every member's metadata for the chosen protocol. */
  members: { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

const EMPTY = Buffer.alloc(0);

/** One member of a classic-protocol group, and the requests it has parked with the coordinator. */
export class Member {
  assignment: Buffer = EMPTY;
  /** Set while the member's JoinGroup waits for the join phase to end. */
  joinWaiter: ((r: JoinResult) => void) | null = null;
  /** Set while the member's SyncGroup waits for the leader's assignment. */
  syncWaiter: ((r: SyncResult) => void) | null = null;
  sessionTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly memberId: string,
    readonly groupInstanceId: string | null,
    public clientId: string,
    public clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    public protocols: GroupProtocol[],
  ) {}

  get awaitingJoin(): boolean {
    return this.joinWaiter !== null;
  }

  get awaitingSync(): boolean {
    return this.syncWaiter !== null;
  }

  /** Same protocols, in the same order, with the same metadata. */
  matches(protocols: GroupProtocol[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i]!.name && p.metadata.equals(this.protocols[i]!.metadata))
    );
  }

  metadataFor(protocolName: string): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY;
  }

  answerJoin(result: JoinResult): void {
    const waiter = this.joinWaiter;
    this.joinWaiter = null;
    waiter?.(result);
  }

  answerSync(result: SyncResult): void {
    const waiter = this.syncWaiter;
    this.syncWaiter = null;
    waiter?.(result);
  }

  stopSessionTimer(): void {
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.sessionTimer = null;
  }
}
