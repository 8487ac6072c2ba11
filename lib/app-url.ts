import "server-only";
import { env } from "@/env";

/** An absolute link into the app (emails, chat messages, webhooks): APP_URL + `path`. */
export function appUrl(path: string): string {
  return `${env.APP_URL.replace(/\/$/, "")}${path}`;
}
