import { spawn, type ChildProcess } from 'node:child_process';

/**
 * `kcat -G`: a librdkafka balanced consumer as a child process, printing
 * `partition:offset:value` per record, so tests can count what each member
 * read and stop it gracefully (SIGTERM leaves the group) or kill it.
 */
export class KcatMember {
  readonly lines: string[] = [];
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(private readonly proc: ChildProcess) {
    let partial = '';
    proc.stdout!.on('data', (d: Buffer) => {
      partial += d.toString();
      const parts = partial.split('\n');
      partial = parts.pop()!;
      this.lines.push(...parts.filter((l) => l.length > 0));
    });
    proc.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  static start(bootstrap: string, group: string, topics: string[], extra: string[] = []): KcatMember {
    const args = [
      '-b', bootstrap,
      '-G', group, ...topics,
      // Unbuffered: each line reaches the test as soon as the record is read.
      '-u',
      '-f', '%t:%p:%o:%s\\n',
      '-X', 'auto.offset.reset=earliest',
      '-X', 'session.timeout.ms=6000',
      '-X', 'heartbeat.interval.ms=300',
      '-X', 'auto.commit.interval.ms=200',
      '-X', 'topic.metadata.refresh.interval.ms=1000',
      ...extra,
    ];
    return new KcatMember(spawn('kcat', args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** What librdkafka said on stderr (rebalances, errors), for failure messages. */
  log(): string {
    return this.stderr;
  }

  /** `topic-partition:offset` of every record read. */
  positions(): string[] {
    return this.lines.map((l) => {
      const [t, p, o] = l.split(':');
      return `${t}-${p}:${o}`;
    });
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exited;
  }
}
