"use client";

import { useTranslations } from "next-intl";
import { useSay } from "@/components/ui/use-say";
import { useEditor, useIssueIndex } from "./context";
import { nodeName } from "./inspector";
import { present } from "./store";

/** Every issue of the graph; one on a node is a button that shows (selects and focuses) the node. */
export function IssueList({ onShow }: { onShow: (nodeId: string) => void }) {
  const t = useTranslations("graph");
  const say = useSay();
  const { types, store } = useEditor();
  const { all } = useIssueIndex();
  // Read, not subscribed: issues are recomputed after every change but a drag's, so the names are
  // fresh whenever the list changes, and a drag does not re-render it on every frame.
  const graph = present(store.get());
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return (
    <section aria-labelledby="graph-issues-title" className="text-sm">
      <h3 id="graph-issues-title" className="mb-1 font-medium">
        {t("issues.title", { count: all.length })}
      </h3>
      {all.length === 0 ? (
        <p className="text-emerald-700">{t("issues.none")}</p>
      ) : (
        <ul data-testid="graph-issues" className="flex max-h-64 flex-col gap-1 overflow-y-auto">
          {all.map((issue, i) => {
            const text = say(issue.message);
            const node = issue.nodeId ? byId.get(issue.nodeId) : undefined;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; the list is rebuilt on every change.
              <li key={i} data-testid={`graph-issue-${i}`}>
                {node ? (
                  <button
                    type="button"
                    onClick={() => onShow(node.id)}
                    className="text-left text-red-700 underline-offset-2 hover:underline"
                  >
                    <span className="font-medium">{nodeName(types, node)}</span>: {text}
                  </button>
                ) : (
                  <span className="text-red-700">{text}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
