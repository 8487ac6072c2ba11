import { randomUUID } from "node:crypto";
import type { FlowLevel } from "@/lib/approvals/flow";
import type { Actor } from "@/lib/tenants/actor";
import type { TSaveTemplate } from "@/lib/validation/work-orders";
import { createCategory } from "@/lib/work-orders/save-category";
import { saveTemplate } from "@/lib/work-orders/save-template";
import { publishedChain } from "./approvals";
import { makeMember, makeOwner } from "./factory";

/** A tenant with an owner, `approvers` members who approve, a requester, and PROD/DeployGit categories. */
export async function workOrderTenant(approvers = 3) {
  const owner = await makeOwner("wo-owner");
  const people = [];
  for (let i = 0; i < approvers; i++) people.push(await makeMember(owner.actor, "MEMBER", `approver${i}`));
  const requester = await makeMember(owner.actor, "MEMBER", "requester");
  const env = await createCategory(owner.actor, { kind: "environment", name: "PROD" });
  const purpose = await createCategory(owner.actor, { kind: "purpose", name: "DeployGit" });
  return { owner, approvers: people, requester, envId: env.id, purposeId: purpose.id };
}

export type WoTenant = Awaited<ReturnType<typeof workOrderTenant>>;

export function level(kind: FlowLevel["kind"], users: string[], extra: Partial<FlowLevel> = {}): FlowLevel {
  return { name: `${kind} level`, kind, users, roles: [], timeoutHours: null, ...extra };
}

/** A template (with an approval flow of `levels`, or none) and its id. */
export async function makeTemplate(
  t: WoTenant,
  opts: { levels?: FlowLevel[]; template?: Partial<Omit<TSaveTemplate, "tenant">> } = {},
): Promise<string> {
  const actor: Actor = t.owner.actor;
  const flow = opts.levels ? await publishedChain(actor, opts.levels) : null;
  const saved = await saveTemplate(actor, {
    name: `Deploy ${randomUUID().slice(0, 6)}`,
    description: "",
    environmentId: t.envId,
    purposeId: t.purposeId,
    command: `echo "deploying {Host}"`,
    workdir: "",
    timeoutSeconds: 30,
    submitRoles: ["OWNER", "ADMIN", "MEMBER"],
    requiresApproval: Boolean(flow),
    approvalFlowId: flow?.id ?? null,
    fourEyes: false,
    deployWindow: null,
    variables: [
      {
        name: "Host",
        label: "Host",
        multiple: false,
        required: true,
        source: { type: "list", options: ["host1", "host2"] },
      },
    ],
    internalVariables: {},
    enabled: true,
    ...opts.template,
  });
  return saved.id;
}
