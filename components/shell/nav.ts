import { can, type Holder, type Permission } from "@/lib/permissions";

/**
 * The product's sections, in sidebar order: only the ones that are built. `key` names the label in
 * messages/<locale>/shell.json (`nav.<key>`); a section with a `permission` is listed for those who
 * hold it (`visibleSections`).
 */
export const SECTIONS = [
  { slug: "", key: "overview", icon: "home" },
  { slug: "work-orders", key: "work_orders", icon: "clipboard" },
  { slug: "approvals", key: "approvals", icon: "check" },
  { slug: "jobs", key: "jobs", icon: "timer", permission: "jobs.read" },
  { slug: "flows", key: "flows", icon: "workflow", permission: "jobs.read" },
  { slug: "runs", key: "runs", icon: "activity" },
  { slug: "notifications", key: "notifications", icon: "bell" },
  { slug: "members", key: "members", icon: "users" },
  { slug: "audit", key: "audit", icon: "scroll" },
  { slug: "settings", key: "settings", icon: "settings" },
] as const;

/** The dev mailbox (mail kept in the outbox): in the sidebar only while that page exists. */
export const DEV_MAIL_SECTION = { slug: "mail", key: "mail", icon: "mail" } as const;

export type Section = (typeof SECTIONS)[number] | typeof DEV_MAIL_SECTION;

/** The sections `holder` may open, in sidebar order (the dev mailbox last, while it exists). */
export function visibleSections(holder: Holder, mail: boolean): readonly Section[] {
  const all: readonly Section[] = mail ? [...SECTIONS, DEV_MAIL_SECTION] : SECTIONS;
  return all.filter((s) => !("permission" in s) || can(holder, s.permission as Permission));
}
