import "server-only";
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
let lastTime = 0;
let lastRandom: number[] = [];

/** A ULID (time-sortable id, the format Inngest uses for run and event ids), monotonic in-process. */
export function ulid(now = Date.now()): string {
  let random: number[];
  if (now <= lastTime && lastRandom.length) {
    now = lastTime;
    random = lastRandom.slice();
    for (let i = random.length - 1; i >= 0; i--) {
      if ((random[i] as number) < 31) {
        random[i] = (random[i] as number) + 1;
        break;
      }
      random[i] = 0;
    }
  } else {
    random = Array.from(randomBytes(16), (b) => b & 31);
  }
  lastTime = now;
  lastRandom = random;
  let time = "";
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time + random.map((r) => ALPHABET[r]).join("");
}
