/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1 in its own process, as a mail server would be:
 * its CPU is not the app's (it reports its own). Run with `fork()`; it sends `{ port }` once listening and answers each
 * `"count"` message with what it has received so far (messages, and messages per recipient) and the CPU it has used.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SinkCount = { messages: number; received: [string, number][]; cpuMs: number };

const received = new Map<string, number>();
let messages = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  maxClients: 50,
  disableReverseLookup: true,
  onData(stream, session, callback) {
    stream.resume();
    stream.on("end", () => {
      messages++;
      for (const r of session.envelope.rcptTo) received.set(r.address, (received.get(r.address) ?? 0) + 1);
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on("message", (message) => {
  if (message === "count") {
    const cpu = process.cpuUsage();
    process.send?.({ messages, received: [...received], cpuMs: (cpu.user + cpu.system) / 1000 } satisfies SinkCount);
  }
});
process.on("disconnect", () => process.exit(0));
