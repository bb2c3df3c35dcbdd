import { Server, Socket, createServer } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Messages after which a client waits for the server: the end of one unit of work. */
const BATCH_END = new Set([0x53 /* S Sync */, 0x51 /* Q Query */, 0x48 /* H Flush */]);
const TERMINATE = 0x58;

interface Batch {
  connection: Connection;
  /** Protocol messages to run; empty: nothing, just wait for the client's turn. */
  bytes: Buffer;
  /** The client has gone: end the transaction and drop the prepared statements it left. */
  farewell?: boolean;
  resolve(): void;
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private terminated = false;
  /** Named prepared statements this client made, under their names in the shared session. */
  readonly statements = new Set<string>();

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly server: PGliteWireServer,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data) => this.onData(data));
    // A client that has ended its side cannot be answered (allowHalfOpen is off); and if it reads
    // nothing either, the socket would never finish closing and its transaction never end.
    socket.on('end', () => socket.destroy());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.server.release(this));
  }

  destroy() {
    this.socket.destroy();
  }

  write(data: Uint8Array) {
    if (this.socket.writable && data.length) this.socket.write(data);
  }

  private onData(data: Buffer): void {
    if (this.terminated) return;
    this.buffer = Buffer.concat([this.buffer, data]);
    if (!this.started) {
      if (this.buffer.length < 8) return;
      const length = this.buffer.readInt32BE(0);
      const code = this.buffer.readInt32BE(4);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.buffer = this.buffer.subarray(8);
        this.socket.write('N');
        return this.onData(Buffer.alloc(0));
      }
      if (code === CANCEL_REQUEST) return void this.socket.end();
      if (this.buffer.length < length) return;
      const startup = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      this.started = true;
      void this.server.enqueue(this, Buffer.from(startup));
    }
    // Hand over whole units of work (up to Sync or a simple Query), never single messages:
    // PGlite is one session, and another client's Parse between our Parse and Bind would
    // replace our unnamed statement.
    let end = 0;
    let offset = 0;
    let terminate = false;
    while (this.buffer.length - offset >= 5) {
      const type = this.buffer[offset];
      const length = this.buffer.readInt32BE(offset + 1);
      if (this.buffer.length - offset < 1 + length) break;
      if (type === TERMINATE) {
        terminate = true;
        break;
      }
      offset += 1 + length;
      if (BATCH_END.has(type)) end = offset;
    }
    if (end > 0) {
      const batch = scopeStatementNames(this.buffer.subarray(0, end), `c${this.id}_`, this.statements);
      this.buffer = this.buffer.subarray(end);
      void this.server.enqueue(this, batch);
    }
    if (terminate) {
      // The units of work sent before Terminate run first (just queued, above); an unfinished
      // one, and anything after Terminate, is dropped.
      this.terminated = true;
      this.buffer = Buffer.alloc(0);
      void this.server.enqueue(this, null).then(() => this.socket.end());
    }
  }
}

/**
 * Serves one PGlite database over the PostgreSQL wire protocol to many clients. Units of work
 * run one at a time; while a client has a transaction open, only that client's work runs,
 * so each client sees the isolation a real server gives (serialisable, in effect).
 */
export class PGliteWireServer {
  private server?: Server;
  private readonly queue: Batch[] = [];
  private owner: Connection | null = null;
  private running = false;
  private draining: Promise<void> = Promise.resolve();
  private stopped = false;
  private nextId = 1;
  private readonly connections = new Set<Connection>();
  port = 0;

  constructor(private readonly db: PGlite) {}

  async start(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((socket) => this.connections.add(new Connection(this.nextId++, socket, this)));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  /** Stops accepting clients and disconnects the connected ones. */
  async stop(): Promise<void> {
    // From now on nothing reaches PGlite: it is about to be closed, and work sent to a closed
    // instance never returns.
    this.stopped = true;
    for (const batch of this.queue.splice(0)) batch.resolve();
    await this.draining;
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      for (const c of this.connections) c.destroy();
    });
  }

  /** Runs a unit of work (null: nothing, just wait for the client's turn). */
  enqueue(connection: Connection, bytes: Buffer | null): Promise<void> {
    if (this.stopped) {
      connection.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.queue.push({ connection, bytes: bytes ?? Buffer.alloc(0), resolve });
      this.kick();
    });
  }

  /**
   * A client went away. The work it sent still runs, as on a real server, which carries out
   * what it has received (an INSERT followed by Terminate is committed); then a farewell, in its
   * turn like any unit of work, so never while one of its units is running: that unit may have
   * opened the transaction the farewell has to end.
   */
  release(connection: Connection): void {
    this.connections.delete(connection);
    if (this.stopped) return;
    this.queue.push({ connection, bytes: Buffer.alloc(0), farewell: true, resolve: () => undefined });
    this.kick();
  }

  private kick() {
    if (!this.running && !this.stopped) this.draining = this.drain();
  }

  private async drain(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      for (;;) {
        if (this.stopped) return;
        const index = this.owner ? this.queue.findIndex((b) => b.connection === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) return;
        const [batch] = this.queue.splice(index, 1);
        if (batch.farewell) {
          await this.farewell(batch.connection);
        } else if (batch.bytes.length) {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(new Uint8Array(batch.bytes), { onRawData: (data) => batch.connection.write(data) }),
          ).catch((error) => batch.connection.write(errorResponse((error as Error).message)));
          this.owner = this.db.isInTransaction() ? batch.connection : null;
        }
        batch.resolve();
      }
    } finally {
      this.running = false;
    }
  }

  /** After a departed client's last unit of work: end its transaction, drop its prepared statements. */
  private async farewell(connection: Connection): Promise<void> {
    // Picked only when no one else owns the session, so any transaction open is this client's.
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => undefined);
    this.owner = null;
    // DEALLOCATE, outside any transaction now, cannot fail for an aborted one.
    for (const name of connection.statements) await this.db.exec(`DEALLOCATE "${name.replace(/"/g, '""')}"`).catch(() => undefined);
  }
}

/** Extended-protocol messages that name a prepared statement: Parse, Bind, Describe, Close. */
const PARSE = 0x50;
const BIND = 0x42;
const DESCRIBE = 0x44;
const CLOSE = 0x43;

/**
 * The batch with every named prepared statement renamed `<prefix><name>`. Clients share one
 * PGlite session, where two clients' statements of the same name would collide ("prepared
 * statement already exists", or worse, one client's Bind running another's statement); on a
 * real server each connection has its own. Unnamed statements stay unnamed. `made` collects the
 * session names this client's Parse messages create, to deallocate when it disconnects.
 */
function scopeStatementNames(batch: Buffer, prefix: string, made?: Set<string>): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  let copied = 0;
  while (offset < batch.length) {
    const type = batch[offset];
    const length = batch.readInt32BE(offset + 1);
    const end = offset + 1 + length;
    // Where the statement name starts in the message body: Bind has the portal's name first;
    // Describe and Close a byte saying statement (S) or portal (P).
    let at = -1;
    if (type === PARSE) at = offset + 5;
    else if (type === BIND) at = batch.indexOf(0, offset + 5) + 1;
    else if ((type === DESCRIBE || type === CLOSE) && batch[offset + 5] === 0x53) at = offset + 6;
    if (at > 0 && batch[at] !== 0) {
      const nameEnd = batch.indexOf(0, at);
      const name = prefix + batch.toString('utf8', at, nameEnd);
      if (type === PARSE) made?.add(name);
      if (type === CLOSE) made?.delete(name);
      const renamed = Buffer.from(name, 'utf8');
      const header = Buffer.alloc(5);
      header[0] = type;
      header.writeInt32BE(length + renamed.length - (nameEnd - at), 1);
      parts.push(batch.subarray(copied, offset), header, batch.subarray(offset + 5, at), renamed, batch.subarray(nameEnd, end));
      copied = end;
    }
    offset = end;
  }
  if (copied === 0) return Buffer.from(batch);
  parts.push(batch.subarray(copied));
  return Buffer.concat(parts);
}

/** A protocol ErrorResponse followed by ReadyForQuery, for failures outside PostgreSQL itself. */
function errorResponse(message: string): Uint8Array {
  const fields = Buffer.concat([
    Buffer.from('SERROR\0'),
    Buffer.from('C58000\0'),
    Buffer.from(`M${message}\0`),
    Buffer.from('\0'),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  const ready = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
  return Buffer.concat([header, fields, ready]);
}
