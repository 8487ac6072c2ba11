/** The product's sections, in sidebar order. `ready: false` pages say plainly they are coming. */
export const SECTIONS = [
  { slug: "", label: "Overview", icon: "home", ready: true },
  {
    slug: "work-orders",
    label: "Work orders",
    icon: "clipboard",
    ready: true,
    blurb: "Submit orders from templates, get them approved, execute them and keep the history.",
  },
  {
    slug: "approvals",
    label: "Approvals",
    icon: "check",
    ready: true,
    blurb: "Decide what waits for you, and design who approves what, in which order.",
  },
  {
    slug: "apps",
    label: "Apps",
    icon: "boxes",
    ready: false,
    blurb: "Register applications and their environments, and watch their deploy tasks.",
  },
  {
    slug: "flows",
    label: "Flows",
    icon: "workflow",
    ready: false,
    blurb: "Design approval flows and job DAGs in a visual editor.",
  },
  {
    slug: "jobs",
    label: "Jobs",
    icon: "timer",
    ready: false,
    blurb: "Schedule cron jobs (HTTP, shell, SQL) with retries, timeouts and alerts.",
  },
  {
    slug: "runs",
    label: "Runs",
    icon: "activity",
    ready: true,
    blurb: "Background function runs: status, steps, output and re-runs.",
  },
  {
    slug: "reports",
    label: "Reports",
    icon: "chart",
    ready: false,
    blurb: "Charts of how the team ships: lead time, approvals, failures.",
  },
  {
    slug: "notifications",
    label: "Notifications",
    icon: "bell",
    ready: true,
    blurb: "Channels (email, webhooks, Slack, DingTalk, Feishu, WeCom), templates and preferences.",
  },
  { slug: "members", label: "Members", icon: "users", ready: true },
  { slug: "audit", label: "Audit", icon: "scroll", ready: true },
  { slug: "settings", label: "Settings", icon: "settings", ready: true },
] as const;

/** The dev mailbox (mail kept in the outbox): in the sidebar only while that page exists. */
export const DEV_MAIL_SECTION = { slug: "mail", label: "Mail (dev)", icon: "mail", ready: true } as const;

export type Section = (typeof SECTIONS)[number] | typeof DEV_MAIL_SECTION;
