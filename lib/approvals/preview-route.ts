import "server-only";
import type { Actor } from "@/lib/tenants/actor";
import type { TPreviewRoute } from "@/lib/validation/approvals";
import type { RoutePreview } from "./flow-graph";

/** The route sample values take through a flow (the editor's path preview). */
export async function previewRoute(_actor: Actor, _input: Omit<TPreviewRoute, "tenant">): Promise<RoutePreview> {
  throw new Error("not yet");
}
