/**
 * A TCP proxy that can be cut like a network partition and healed again: while cut, every
 * connection stays open but nothing is delivered either way (held, as the network holds packets it
 * will retransmit), and new connections are accepted but not forwarded. A refused port fails fast;
 * a partition does not, which is what a server must survive. Used by the tests and bench:faults.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Stops delivering: data is held until heal(). */
  blackhole(): void;
  /** Delivers what was held and forwards again. */
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let cut = false;
  const sockets = new Set<Socket>();
  const held: Array<() => void> = [];
  const deliver = (action: () => void) => (cut ? held.push(action) : action());
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    client.pause();
    deliver(() => {
      const upstream = connect(targetPort, targetHost);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('data', (d) => deliver(() => upstream.write(d)));
      upstream.on('data', (d) => deliver(() => client.write(d)));
      client.on('end', () => deliver(() => upstream.end()));
      upstream.on('end', () => deliver(() => client.end()));
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    blackhole() {
      cut = true;
    },
    heal() {
      cut = false;
      for (const action of held.splice(0)) action();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
