"use client";

import type { GraphEditorProps } from "./types";

/** The shared graph editor (see ./types.ts for its contract). Skeleton: the canvas lands next. */
export function GraphEditor(props: GraphEditorProps) {
  return <section data-testid="graph-editor" aria-label={props.labels?.title} />;
}
