import "server-only";
import { randomBytes } from "node:crypto";

/** A URL slug from a tenant name: lowercase ascii words joined by dashes, 2..40 chars. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base.length >= 2 ? base : `t-${randomSuffix()}`;
}

export function randomSuffix(): string {
  return randomBytes(3).toString("hex");
}
