/**
 * Job flows as graphs (lib/graph): the node kinds' registry and the checks a flow must pass besides
 * the generic ones. Pure and client-safe: the canvas checks a connection and a save with these
 * functions, the server checks the save and the publish again.
 */
import type { Graph } from "@/lib/graph/types";
import type { FlowNodeData } from "./catalog";

export type FlowGraph = Graph<FlowNodeData>;

// flowRegistry and flowIssues(graph, settings): see the brief of this file's author (helper A).
