import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";

export type FlowVersionRow = { version: number; when: string; by: string | null };

/** The flow's published versions, newest first, each with a link to what changed from the one before. */
export async function FlowVersions({
  base,
  versions,
  unpublished,
}: {
  /** The flow page's path (`…/approvals/flows/<id>`). */
  base: string;
  versions: FlowVersionRow[];
  /** The draft differs from the latest version: offer "draft vs latest". */
  unpublished: boolean;
}) {
  const t = await getTranslations("approvals.versions");
  const latest = versions.reduce((max, v) => Math.max(max, v.version), 0);
  const link = "text-indigo-700 hover:underline";
  return (
    <section aria-labelledby="versions-title" className="mt-6 space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 id="versions-title" className="text-sm font-semibold">
          {t("title")}
        </h2>
        {unpublished && latest > 0 ? (
          <Link href={`${base}/versions?from=${latest}&to=draft`} className={`text-sm ${link}`}>
            {t("draft_vs_latest", { version: latest })}
          </Link>
        ) : null}
      </div>
      {versions.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="no-versions">
          {t("none")}
        </p>
      ) : (
        <Card className="overflow-x-auto">
          <Table caption={t("caption")}>
            <THead>
              <Th>{t("version")}</Th>
              <Th>{t("when")}</Th>
              <Th>{t("by")}</Th>
              <Th>{t("changes")}</Th>
            </THead>
            <TBody>
              {[...versions]
                .sort((a, b) => b.version - a.version)
                .map((v) => (
                  <Tr key={v.version} data-testid={`version-${v.version}`}>
                    <Td className="font-medium">{t("version_n", { version: v.version })}</Td>
                    <Td className="whitespace-nowrap text-zinc-600">{v.when}</Td>
                    <Td>{v.by ?? t("someone")}</Td>
                    <Td>
                      {v.version > 1 ? (
                        <Link href={`${base}/versions?from=${v.version - 1}&to=${v.version}`} className={link}>
                          {t("compare_previous", { version: v.version - 1 })}
                        </Link>
                      ) : (
                        <span className="text-zinc-500">{t("first")}</span>
                      )}
                    </Td>
                  </Tr>
                ))}
            </TBody>
          </Table>
        </Card>
      )}
    </section>
  );
}
