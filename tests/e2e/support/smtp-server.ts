import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
export const MAIL_DIR = path.resolve("test-results/mail");

/**
 * Playwright global setup: a real SMTP peer on 127.0.0.1 that the app (SMTP_URL in the webServer
 * env) delivers to. Each message is stored raw as test-results/mail/<time>-<n>.eml for the specs.
 */
export default async function globalSetup() {
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mkdirSync(MAIL_DIR, { recursive: true });
        const name = `${Date.now()}-${String(n++).padStart(5, "0")}.eml`;
        writeFileSync(path.join(MAIL_DIR, name), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(SMTP_PORT, "127.0.0.1", () => resolve());
  });
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
