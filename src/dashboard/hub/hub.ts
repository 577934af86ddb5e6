import type { Server, Socket } from 'socket.io';
import type { Channel } from './channel.js';
import { ClientLink } from './client-link.js';

/** Delivery counters, for /metrics. */
export interface HubFigures {
  /** Socket.IO messages emitted, counted once per receiving client. */
  pushes: number;
  /** Times a client was skipped because it had not taken the previous message yet. */
  deferred: number;
}

/**
 * Pushes channel changes to the clients in the channel's rooms. A change is sent at
 * once to every client that can take it, encoded once per group of clients that are
 * equally up to date; a busy client is skipped and caught up with one message per
 * channel when its transport is ready again.
 */
export class Hub {
  readonly figures: HubFigures = { pushes: 0, deferred: 0 };
  readonly #channels = new Map<string, Channel>();
  readonly #links = new Map<string, ClientLink>();
  readonly #changed = new Set<Channel>();
  #scheduled = false;

  constructor(private readonly io: Server) {}

  add<C extends Channel>(channel: C): C {
    this.#channels.set(channel.name, channel);
    return channel;
  }

  get clients(): Iterable<ClientLink> {
    return this.#links.values();
  }

  /** Clients in a room (a page). */
  roomSize(room: string): number {
    return this.io.sockets.adapter.rooms.get(room)?.size ?? 0;
  }

  /** Call after changing a channel; changes made in the same tick go out together. */
  changed(channel: Channel): void {
    this.#changed.add(channel);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flushChanged());
  }

  /** Puts the socket in the rooms and sends it every channel of those rooms. */
  attach(socket: Socket, rooms: readonly string[]): void {
    void socket.join([...rooms]);
    let link = this.#links.get(socket.id);
    if (link === undefined) {
      const created = new ClientLink(socket, () => {
        if (created.behind) this.#catchUp(created);
      });
      link = created;
      this.#links.set(socket.id, link);
      socket.once('disconnect', () => this.#links.delete(socket.id));
    }
    this.#catchUp(link);
  }

  #catchUp(link: ClientLink): void {
    if (!link.socket.connected) return;
    if (!link.writable) {
      link.behind = true;
      return;
    }
    link.behind = false;
    for (const room of link.socket.rooms) {
      for (const channel of this.#channels.values()) {
        if (!channel.rooms.includes(room)) continue;
        const since = link.cursors.get(channel.name) ?? -1;
        const message = channel.catchUp(since);
        link.cursors.set(channel.name, channel.version);
        if (message === undefined) continue;
        link.socket.emit(message.event, message.payload);
        this.figures.pushes++;
      }
    }
  }

  #flushChanged(): void {
    this.#scheduled = false;
    const channels = [...this.#changed];
    this.#changed.clear();
    for (const channel of channels) this.#deliver(channel);
  }

  #deliver(channel: Channel): void {
    const bySince = new Map<number, string[]>();
    const seen = new Set<string>();
    for (const room of channel.rooms) {
      for (const id of this.io.sockets.adapter.rooms.get(room) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const link = this.#links.get(id);
        if (link === undefined) continue;
        const since = link.cursors.get(channel.name) ?? -1;
        if (since >= channel.version) continue;
        if (!link.writable) {
          link.behind = true;
          this.figures.deferred++;
          continue;
        }
        link.cursors.set(channel.name, channel.version);
        const group = bySince.get(since);
        if (group === undefined) bySince.set(since, [id]);
        else group.push(id);
      }
    }
    const [room] = channel.rooms;
    for (const [since, ids] of bySince) {
      const message = channel.catchUp(since);
      if (message === undefined) continue;
      // The usual case, everyone in step: address the room, sparing the adapter a thousand-name list to resolve.
      const everyone = bySince.size === 1 && channel.rooms.length === 1 && ids.length === this.roomSize(room!);
      this.io.to(everyone ? room! : ids).emit(message.event, message.payload);
      this.figures.pushes += ids.length;
    }
  }
}
