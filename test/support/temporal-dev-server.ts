import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { freePort } from '../../scripts/lib/free-port';
import { temporalCliPath } from '../../scripts/lib/tools';
import { devServerArgs } from '../../temporal-config/dev-server';

/**
 * The real Temporal CLI dev server as `npm start` runs it (SQLite file, SID's search attributes),
 * in a process the test owns, so that it can be killed and started again on the same file and port.
 */
export class TemporalDevServer {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly dbFilename: string,
    readonly port: number,
    private readonly uiPort: number,
  ) {}

  static async start(dbFilename: string): Promise<TemporalDevServer> {
    const server = new TemporalDevServer(dbFilename, await freePort(), await freePort());
    await server.start();
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the server on its file and port and resolves once its frontend answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error('the dev server is running already');
    this.output = '';
    const child = spawn(temporalCliPath(), [...devServerArgs({ dbFilename: this.dbFilename, port: this.port, uiPort: this.uiPort }), '--headless'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-4000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.child = child;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the Temporal dev server exited (${child.signalCode ?? child.exitCode}): ${this.output}`);
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer within ${timeoutMs / 1000} s: ${this.output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  /** Whether the frontend answers a call right now. */
  async answers(): Promise<boolean> {
    let connection: Connection | null = null;
    try {
      connection = await Connection.connect({ address: this.address, connectTimeout: 1000 });
      await connection.withDeadline(Date.now() + 2000, () => connection!.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    } finally {
      await connection?.close().catch(() => {});
    }
  }

  /** Kills the server with the signal given (SIGKILL: no chance to flush or say goodbye). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  stop(): Promise<void> {
    return this.kill('SIGTERM');
  }
}
