import { z } from "zod";
import { msg } from "@/lib/i18n/message";
import { controlCharacterProblem, zObject } from "./text";

/**
 * The parts of a lib/graph `Graph` every graph's schema shares (approval flows, job flows): ids,
 * positions, edges. Each feature adds its node kinds' data; the graph rules (lib/graph/validate.ts
 * and the feature's own checks) run after.
 */

export const MAX_GRAPH_ID = 64;
/** How far from the origin a node may sit (canvas units): finite, and not absurd. */
const MAX_COORDINATE = 1_000_000;

export const zGraphId = z
  .string({ error: msg("graph.bad_id", { max: MAX_GRAPH_ID }) })
  .min(1, msg("graph.bad_id", { max: MAX_GRAPH_ID }))
  .max(MAX_GRAPH_ID, msg("graph.bad_id", { max: MAX_GRAPH_ID }))
  .superRefine((value, ctx) => {
    const problem = controlCharacterProblem(value, false);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const zCoordinate = z
  .number({ error: msg("graph.bad_position") })
  .min(-MAX_COORDINATE, msg("graph.bad_position"))
  .max(MAX_COORDINATE, msg("graph.bad_position"));

/** What every node has besides its type and data. */
export const graphNodeBase = {
  id: zGraphId,
  position: zObject({ x: zCoordinate, y: zCoordinate }),
  pinned: z.boolean().optional(),
};

export const ZGraphEdge = zObject({
  id: zGraphId,
  source: zGraphId,
  target: zGraphId,
  sourceHandle: zGraphId.optional(),
  targetHandle: zGraphId.optional(),
});
