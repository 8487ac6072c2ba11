"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { SearchBox } from "@/components/ui/search-box";
import { EmptyRow, Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { useSay } from "@/components/ui/use-say";
import { STATUS_TONES } from "./canvas-node";
import { useEditor, useIssueIndex, useStructure } from "./context";
import { nodeName } from "./inspector";

/**
 * The same graph as a table, for people who would rather read than drag (and for phones): one row
 * per node with its kind, summary, where it comes from and goes to, and its issues; a search
 * narrows the rows; a row's button opens the node's inspector. With `nodeStatus` (a run's live
 * view) each row carries the node's status too, as the canvas draws it, under `statusLabel`.
 */
export function ListView({
  onOpen,
  selectedId,
  statusLabel,
}: {
  onOpen: (id: string) => void;
  selectedId: string | null;
  statusLabel?: string;
}) {
  const t = useTranslations("graph");
  const say = useSay();
  const { types, nodeStatus } = useEditor();
  const graph = useStructure();
  const [query, setQuery] = useState("");
  const issues = useIssueIndex();
  const rows = useMemo(() => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const into = new Map<string, string[]>();
    const out = new Map<string, string[]>();
    for (const e of graph.edges) {
      into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
      out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
    }
    const label = (id: string) => nodeName(types, byId.get(id));
    return graph.nodes.map((node) => {
      const type = types[node.type];
      const nodeIssues = (issues.byNode.get(node.id) ?? "").split("\n").filter(Boolean).map(say);
      const row = {
        id: node.id,
        kind: type?.label ?? node.type,
        summary: type?.summary(node.data) ?? "",
        from: (into.get(node.id) ?? []).map(label),
        to: (out.get(node.id) ?? []).map(label),
        issues: nodeIssues,
      };
      return {
        ...row,
        text: [row.id, row.kind, row.summary, ...row.from, ...row.to, ...row.issues].join(" ").toLowerCase(),
      };
    });
  }, [graph, types, issues, say]);
  const q = query.trim().toLowerCase();
  const shown = q ? rows.filter((r) => r.text.includes(q)) : rows;

  return (
    <div className="flex flex-col gap-3">
      {/* SearchBox is uncontrolled (a GET form's field elsewhere); here its input event filters the rows. */}
      <div onChange={(e) => setQuery((e.target as HTMLInputElement).value)}>
        <SearchBox
          name="graph-q"
          label={t("list.search")}
          placeholder={t("list.search_placeholder")}
          hint={t("list.search_hint")}
        />
      </div>
      <p className="text-sm text-zinc-600" aria-live="polite">
        {t("list.count", { shown: shown.length, total: rows.length })}
      </p>
      <div className="overflow-x-auto">
        <Table caption={t("list.caption")} data-testid="graph-list">
          <THead>
            <Th>{t("list.kind")}</Th>
            <Th>{t("list.node")}</Th>
            {nodeStatus ? <Th>{statusLabel}</Th> : null}
            <Th className="hidden sm:table-cell">{t("list.from")}</Th>
            <Th>{t("list.to")}</Th>
            <Th>{t("list.issues")}</Th>
          </THead>
          <TBody>
            {shown.length === 0 ? <EmptyRow colSpan={nodeStatus ? 6 : 5}>{t("list.none")}</EmptyRow> : null}
            {shown.map((row) => {
              const mark = nodeStatus?.(row.id) ?? null;
              return (
                <Tr
                  key={row.id}
                  hover
                  data-testid={`graph-row-${row.id}`}
                  className={cn("cursor-pointer", row.id === selectedId && "bg-indigo-50")}
                  onClick={() => onOpen(row.id)}
                >
                  <Td className="px-2 py-2 whitespace-nowrap">{row.kind}</Td>
                  <Td className="px-2 py-2">
                    <button
                      type="button"
                      className="text-left font-medium text-indigo-700 underline-offset-2 hover:underline"
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(row.id);
                      }}
                    >
                      {row.summary || row.id}
                    </button>
                    <span className="ml-1 text-xs text-zinc-500">({row.id})</span>
                  </Td>
                  {nodeStatus ? (
                    <Td className="px-2 py-2" data-testid={`graph-row-status-${row.id}`}>
                      {mark ? (
                        <span
                          data-status={mark.tone}
                          className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STATUS_TONES[mark.tone].pill)}
                        >
                          {mark.label}
                        </span>
                      ) : (
                        "—"
                      )}
                    </Td>
                  ) : null}
                  <Td className="hidden px-2 py-2 text-zinc-600 sm:table-cell">{row.from.join(", ") || "—"}</Td>
                  <Td className="px-2 py-2 text-zinc-600">{row.to.join(", ") || "—"}</Td>
                  <Td className="px-2 py-2">
                    {row.issues.length > 0 ? (
                      <ul className="text-red-700">
                        {row.issues.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-emerald-700">{t("list.ok")}</span>
                    )}
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      </div>
    </div>
  );
}
