/**
 * Shared facts of the work-order pages (pure; server and client). Status words and timeline
 * sentences are messages: `work-orders.status.*` and `work-orders.order.timeline.*`.
 */

export const ACTIVE_EXECUTION = new Set(["queued", "running"]);
