import net, { type AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type PeerMode = "up" | "refused" | "blackhole" | "451";
export type Received = { to: string; subject: string; messageId: string; at: number };

/**
 * An SMTP peer on one fixed port that a test switches between the ways a mail server fails:
 * `up` (a real SMTP server that accepts everything), `refused` (nothing listens: connection
 * refused), `blackhole` (accepts TCP and never says a word) and `451` (a real SMTP server that
 * answers every recipient "451 try again later").
 */
export async function startSmtpPeer(): Promise<{
  port: number;
  received: Received[];
  mode(m: PeerMode): Promise<void>;
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const smtp = (reject: boolean) =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onRcptTo(_address, _session, callback) {
        if (!reject) return callback();
        callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            const to = [mail.to]
              .flat()
              .flatMap((a) => a?.value ?? [])
              .map((a) => a.address ?? "")
              .join(",");
            received.push({ to, subject: mail.subject ?? "", messageId: mail.messageId ?? "", at: Date.now() });
            callback();
          },
          (error) => callback(error),
        );
      },
    });
  const listen = async (server: net.Server | SMTPServer, port = 0) => {
    await new Promise<void>((resolve, reject) => {
      (server as net.Server).once("error", reject);
      (server as net.Server).listen(port, "127.0.0.1", () => resolve());
    });
  };
  const good = smtp(false);
  const busy = smtp(true);
  await listen(good);
  await listen(busy);
  const portOf = (s: SMTPServer) => ((s as unknown as { server: net.Server }).server.address() as AddressInfo).port;
  const backends = { up: portOf(good), "451": portOf(busy) };

  let current: PeerMode = "up";
  const sockets = new Set<net.Socket>();
  const front = () =>
    net.createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {});
      if (current === "blackhole") return; // say nothing, ever
      const backend = net.connect(backends[current as "up" | "451"], "127.0.0.1");
      backend.on("error", () => socket.destroy());
      socket.on("close", () => backend.destroy());
      backend.on("close", () => socket.destroy());
      socket.pipe(backend).pipe(socket);
    });
  // A fixed port (the app's SMTP_URL names it): found once, then reused across "refused" spells.
  let server: net.Server | null = front();
  await listen(server);
  const port = (server.address() as AddressInfo).port;

  const closeFront = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  return {
    port,
    received,
    async mode(m) {
      current = m;
      // Connections of the previous mode end: a real outage (or recovery) drops them too.
      for (const socket of sockets) socket.destroy();
      if (m === "refused") return closeFront();
      if (!server) {
        server = front();
        await listen(server, port);
      }
    },
    async close() {
      await closeFront();
      await new Promise<void>((resolve) => good.close(() => resolve()));
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    },
  };
}
