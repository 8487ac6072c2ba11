import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/env";

const generated = new Map<string, string>();

/**
 * A secret from the environment, or (outside production) one generated once into the data folder,
 * so a fresh clone runs with no setup and keeps its sessions and ciphertexts across restarts.
 */
function localSecret(name: string, fromEnv: string | undefined, bytes: number): string {
  if (fromEnv) return fromEnv;
  const cached = generated.get(name);
  if (cached) return cached;
  let value: string;
  if (env.OPSDESK_DATA_DIR === "memory://") {
    value = randomBytes(bytes).toString("hex");
  } else {
    const file = path.resolve(env.OPSDESK_DATA_DIR, name);
    try {
      value = fs.readFileSync(file, "utf8").trim();
    } catch {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      try {
        fs.writeFileSync(file, `${randomBytes(bytes).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      value = fs.readFileSync(file, "utf8").trim(); // another process may have won the race
    }
  }
  generated.set(name, value);
  return value;
}

export function authSecret(): string {
  return localSecret("auth-secret", env.AUTH_SECRET, 32);
}

/** 32-byte key for AES-256-GCM of secrets at rest. */
export function dataKey(): Buffer {
  const raw = localSecret("secret-key", env.OPSDESK_SECRET_KEY, 32);
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new Error("OPSDESK_SECRET_KEY must be 32 bytes (64 hex chars or base64).");
  return key;
}
