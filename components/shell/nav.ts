/**
 * The product's sections, in sidebar order: only the ones that are built. `key` names the label in
 * messages/<locale>/shell.json (`nav.<key>`).
 */
export const SECTIONS = [
  { slug: "", key: "overview", icon: "home" },
  { slug: "work-orders", key: "work_orders", icon: "clipboard" },
  { slug: "approvals", key: "approvals", icon: "check" },
  { slug: "runs", key: "runs", icon: "activity" },
  { slug: "notifications", key: "notifications", icon: "bell" },
  { slug: "members", key: "members", icon: "users" },
  { slug: "audit", key: "audit", icon: "scroll" },
  { slug: "settings", key: "settings", icon: "settings" },
] as const;

/** The dev mailbox (mail kept in the outbox): in the sidebar only while that page exists. */
export const DEV_MAIL_SECTION = { slug: "mail", key: "mail", icon: "mail" } as const;

export type Section = (typeof SECTIONS)[number] | typeof DEV_MAIL_SECTION;
