import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import type { FlowLevel } from "@/lib/approvals/flow";
import { relative } from "@/lib/format";
import { StatusBadge } from "./status-badge";

type LevelTask = {
  task: { id: string; level: number; approverId: string; status: string; comment: string | null; dueAt: Date | null };
  name: string;
};

/**
 * An order's approval levels: each with its kind and limit, the current one marked; a reached
 * level lists its approvers and their decisions, one not reached yet who it will ask.
 */
export async function ApprovalLevels({
  levels,
  tasks,
  currentLevel,
  upcoming,
  memberName,
  userId,
}: {
  levels: FlowLevel[];
  tasks: LevelTask[];
  /** The level waiting now, null when the order is not pending. */
  currentLevel: number | null;
  /** Level index → the user ids it will ask (upcomingApprovers). */
  upcoming: Map<number, string[]>;
  memberName: Map<string, string>;
  userId: string;
}) {
  const t = await getTranslations("work-orders");
  const to = await getTranslations("work-orders.order");
  const locale = await getLocale();
  return (
    <Card className="p-5">
      <h2 className="mb-3 text-sm font-semibold">{to("approval")}</h2>
      {levels.length === 0 ? (
        <p className="text-sm text-zinc-500">{to("no_approval")}</p>
      ) : (
        <ol className="space-y-4" data-testid="levels">
          {levels.map((level, i) => {
            const current = currentLevel === i;
            const levelTasks = tasks.filter((t) => t.task.level === i);
            return (
              <li
                // biome-ignore lint/suspicious/noArrayIndexKey: levels are positional and have no id
                key={`${i}-${level.name}`}
                aria-current={current ? "step" : undefined}
                className={cn(
                  "rounded-md border p-3",
                  current ? "border-indigo-300 bg-indigo-50/50" : "border-zinc-200",
                )}
              >
                <p className="text-sm font-medium">
                  {i + 1}. {level.name}
                  {current ? <span className="ml-2 text-xs font-normal text-indigo-700">{to("current")}</span> : null}
                </p>
                <p className="text-xs text-zinc-500">
                  {t(`level_kind.${level.kind}`)}
                  {level.timeoutHours ? ` · ${to("hours_limit", { hours: level.timeoutHours })}` : ""}
                </p>
                {levelTasks.length === 0 ? (
                  <LevelNotReached
                    names={upcoming.get(i)?.map((id) => memberName.get(id) ?? id) ?? null}
                    kind={level.kind}
                    notReached={to("not_reached")}
                    willAsk={(names) => to("will_ask", { kind: level.kind, names })}
                    nobody={to("nobody")}
                    sep={t("days.sep")}
                  />
                ) : (
                  <ul className="mt-2 space-y-1.5">
                    {levelTasks.map(({ task, name }) => (
                      <li key={task.id} className="flex items-start justify-between gap-2 text-sm">
                        <span className="min-w-0">
                          {name}
                          {task.approverId === userId ? <span className="text-zinc-400"> {to("you")}</span> : null}
                          {task.comment ? (
                            <span className="block truncate text-xs text-zinc-500" title={task.comment}>
                              “{task.comment}”
                            </span>
                          ) : null}
                          {task.status === "pending" && task.dueAt ? (
                            <span className="block text-xs text-zinc-500">
                              {to("due", { when: relative(task.dueAt, new Date(), locale) })}
                            </span>
                          ) : null}
                        </span>
                        <StatusBadge status={task.status} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}

/** A level without tasks: who it will ask once reached (or that nobody can), else just "Not reached." */
function LevelNotReached({
  names,
  kind,
  notReached,
  willAsk,
  nobody,
  sep,
}: {
  names: string[] | null;
  kind: string;
  notReached: string;
  willAsk: (names: string) => string;
  nobody: string;
  sep: string;
}) {
  if (names === null) return <p className="mt-2 text-xs text-zinc-400">{notReached}</p>;
  return (
    <div className="mt-2 text-xs" data-testid="level-upcoming" data-kind={kind}>
      <p className="text-zinc-400">{notReached}</p>
      <p className="text-zinc-600">{names.length ? willAsk(names.join(sep)) : nobody}</p>
    </div>
  );
}
