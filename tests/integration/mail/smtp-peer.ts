import net, { type AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type PeerMode = "refused" | "blackhole" | "451" | "good" | "hold";

/** One message as the peer received it: its recipients, Message-ID and subject. */
export type Received = { to: string[]; messageId: string | null; subject: string | null };

/**
 * An SMTP peer on one fixed 127.0.0.1 port that can change what it is, like a mail server going
 * down and coming back:
 * - `refused`: nothing listens (connect fails with ECONNREFUSED);
 * - `blackhole`: accepts TCP and never says a word;
 * - `451`: a real SMTP server that answers every MAIL FROM with "451 try again later";
 * - `good`: a real SMTP server that takes every message;
 * - `hold`: like good, but keeps DATA open until `release()` (the message is not yet accepted);
 *   changing mode drops held messages unanswered, as a server that dies mid-DATA.
 * `received` lists the messages it accepted, `seen` every message whose DATA reached it.
 */
export async function smtpPeer(initial: PeerMode = "good") {
  const received: Received[] = [];
  const seen: Received[] = [];
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));

  let mode: PeerMode = "refused";
  let close: () => Promise<void> = async () => {};
  let holding: (() => void)[] = [];

  const smtp = (behaviour: "451" | "good" | "hold") =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      closeTimeout: 20,
      onMailFrom(_address, _session, callback) {
        if (behaviour !== "451") return callback();
        callback(Object.assign(new Error("4.3.2 Try again later"), { responseCode: 451 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
          const header = (name: string) => head.match(new RegExp(`^${name}:\\s*(.*)$`, "im"))?.[1]?.trim() ?? null;
          const message = {
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: header("Message-ID"),
            subject: header("Subject"),
          };
          seen.push(message);
          const accept = () => {
            received.push(message);
            callback();
          };
          if (behaviour === "hold") holding.push(accept);
          else accept();
        });
      },
    });

  async function become(next: PeerMode) {
    await close();
    mode = next;
    if (next === "refused") {
      close = async () => {};
      return;
    }
    if (next === "blackhole") {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((s) => {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => sockets.delete(s));
      });
      await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
      close = () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        });
      return;
    }
    const server = smtp(next);
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    close = () =>
      new Promise<void>((r) => {
        holding = []; // never answered: the server closes their connections
        server.close(() => r());
      });
  }

  await become(initial);
  return {
    port,
    received,
    seen,
    get mode() {
      return mode;
    },
    become,
    /** Lets every held message through (accepted, as a good server would). */
    release() {
      for (const f of holding.splice(0)) f();
    },
    stop: async () => {
      await close();
      close = async () => {};
      holding = [];
    },
  };
}
