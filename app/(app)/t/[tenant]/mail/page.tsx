import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getMailTo, listMailTo } from "@/db/queries/mail";
import { withTenant } from "@/db/tenant";
import { dateTime } from "@/lib/format";
import { mailPageEnabled } from "@/lib/mail/mail-page";
import { previewHtml } from "@/lib/mail/preview-html";
import { requireTenant } from "@/lib/session";
import { MailFrame } from "./mail-frame";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("shell.mail"))("title") };
}

const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

/** Plain text with its http(s) links clickable (the approval links). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
          <a key={i} href={part} className="text-indigo-600 underline" rel="noreferrer">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** Dev mailbox: the emails the app sent (or kept) for the signed-in member, newest first. */
export default async function MailPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<{ id?: string | string[] }>;
}) {
  if (!mailPageEnabled()) notFound();
  const { tenant, user, actor } = await requireTenant((await params).tenant);
  const id = (await searchParams).id;
  const openId = typeof id === "string" && /^[0-9a-f-]{36}$/.test(id) ? id : null;
  const { list, open } = await withTenant(actor, async (tx) => ({
    list: await listMailTo(tx, user.email),
    open: openId ? await getMailTo(tx, { id: openId, to: user.email }) : null,
  }));
  const base = `/t/${tenant.slug}/mail`;
  const t = await getTranslations("shell.mail");
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { email: user.email })} />
      {list.length === 0 ? (
        <EmptyState title={t("empty_title")}>{t("empty_body")}</EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
          <Card className="divide-y divide-zinc-100" data-testid="mail-list">
            {list.map((m) => (
              <Link
                key={m.id}
                href={`${base}?id=${m.id}`}
                aria-current={m.id === openId ? "page" : undefined}
                className="block px-4 py-3 text-sm hover:bg-zinc-50 aria-[current=page]:bg-indigo-50"
              >
                <span className="block font-medium">{m.subject}</span>
                <span className="flex items-center gap-2 text-xs text-zinc-500">
                  {dateTime(m.createdAt, tenant.timeZone)}
                  {m.transport === "smtp" ? <Badge>{t("smtp")}</Badge> : null}
                  {m.error ? <span className="font-medium text-red-600">{t("failed")}</span> : null}
                </span>
              </Link>
            ))}
          </Card>
          {open ? (
            <Card className="space-y-4 p-6" data-testid="mail-open">
              <div>
                <h2 className="text-lg font-semibold">{open.subject}</h2>
                <p className="text-sm text-zinc-500">{t("to", { to: open.to })}</p>
              </div>
              {open.transport === "smtp" ? (
                <p className="text-sm text-zinc-500">
                  {open.error ? t("sent_smtp_failed", { error: open.error }) : t("sent_smtp")}
                </p>
              ) : (
                <>
                  <pre className="whitespace-pre-wrap rounded-md bg-zinc-50 p-4 font-mono text-xs">
                    <Linkified text={open.text} />
                  </pre>
                  <MailFrame title={t("html_version")} html={previewHtml(open.html)} />
                </>
              )}
            </Card>
          ) : (
            <EmptyState title={t("choose_title")}>{t("choose_body")}</EmptyState>
          )}
        </div>
      )}
    </>
  );
}
