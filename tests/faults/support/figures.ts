import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export const FIGURES_FILE = path.resolve("test-results/faults/figures.jsonl");

/** Keeps a figure of the fault suite for its summary (tests/faults/support/summary.ts). */
export function record(figures: Record<string, number | number[]>): void {
  mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  appendFileSync(FIGURES_FILE, `${JSON.stringify(figures)}\n`);
}

export function p95(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] as number;
}
