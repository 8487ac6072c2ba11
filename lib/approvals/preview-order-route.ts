import "server-only";
import type { Actor } from "@/lib/tenants/actor";
import type { TPreviewOrderRoute } from "@/lib/validation/approvals";
import type { RoutePreview } from "./flow-graph";

/** The route an order of this template would take (the submit page); null = no approval needed. */
export async function previewOrderRoute(
  _actor: Actor,
  _input: Omit<TPreviewOrderRoute, "tenant">,
): Promise<RoutePreview | null> {
  throw new Error("not yet");
}
