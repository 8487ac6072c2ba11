import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { simpleParser } from "mailparser";
import { MAIL_DIR } from "./smtp-server";

export type ReceivedMail = { to: string; subject: string; text: string; html: string; links: string[] };

async function parseAll(): Promise<ReceivedMail[]> {
  let files: string[] = [];
  try {
    files = readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml"));
  } catch {
    return [];
  }
  const mails: ReceivedMail[] = [];
  for (const file of files.sort().reverse()) {
    const parsed = await simpleParser(readFileSync(path.join(MAIL_DIR, file)));
    const to = [parsed.to]
      .flat()
      .flatMap((a) => a?.value ?? [])
      .map((a) => a.address?.toLowerCase() ?? "");
    const html = typeof parsed.html === "string" ? parsed.html : "";
    mails.push({
      to: to.join(","),
      subject: parsed.subject ?? "",
      text: parsed.text ?? "",
      html,
      links: [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] as string).replaceAll("&amp;", "&")),
    });
  }
  return mails;
}

/** Waits for the newest email to `to` (matching `subject` when given) that the SMTP peer received. */
export async function latestMailTo(to: string, subject?: RegExp): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await parseAll()).find(
          (m) => m.to.split(",").includes(to.toLowerCase()) && (!subject || subject.test(m.subject)),
        );
        return Boolean(found);
      },
      { timeout: 30_000, message: `an email to ${to}` },
    )
    .toBe(true);
  return found as ReceivedMail;
}

/** The Approve and Reject links of an approval email (absolute URLs). */
export function approvalLinks(mail: ReceivedMail): { approve: string; reject: string } {
  const approve = /Approve: (\S+)/.exec(mail.text)?.[1];
  const reject = /Reject: +(\S+)/.exec(mail.text)?.[1];
  if (!approve || !reject) throw new Error(`no approval links in: ${mail.text}`);
  expect(mail.links).toEqual(expect.arrayContaining([approve, reject]));
  return { approve, reject };
}
