export * from "./approvals";
export * from "./audit";
export * from "./events";
export * from "./idempotency";
export * from "./inngest";
export * from "./notifications";
export * from "./tenancy";
export * from "./work-orders";
